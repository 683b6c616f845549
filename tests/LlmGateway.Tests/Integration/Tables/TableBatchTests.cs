using Azure;
using Azure.Core.Pipeline;
using LlmGateway.Storage.Tables;
using LlmGateway.Tests.Infrastructure;

namespace LlmGateway.Tests.Integration.Tables;

/// <summary>Entity group transactions (<c>$batch</c>) of <see cref="TableClient"/> against Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableBatchTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task SubmitBatch_100Inserts_CommitsAllAndReturnsEachETag()
    {
        var table = await azurite.CreateTableAsync();
        var operations = Enumerable.Range(0, 100)
            .Select(i => TableBatchOperation.Insert(new TableEntity("p", $"r{i:D3}") { ["I"] = i, ["Big"] = (long)i << 40 }))
            .ToList();

        var result = await table.SubmitBatchAsync(operations);

        Assert.Equal(100, result.ETags.Count);
        Assert.All(result.ETags, etag => Assert.NotEqual(default, etag));
        var stored = await table.QueryAsync(new TableQuery { PartitionKey = "p" }).ToListAsync();
        Assert.Equal(Enumerable.Range(0, 100), stored.Select(e => e.GetInt32("I")!.Value));
        Assert.Equal(99L << 40, stored[^1].GetInt64("Big"));
        Assert.Equal(result.ETags[42], stored[42].ETag);
    }

    [Fact]
    public async Task SubmitBatch_MixedOperations_AppliesEachKind()
    {
        var table = await azurite.CreateTableAsync();
        var mergeETag = await table.InsertAsync(new TableEntity("p", "merge") { ["A"] = "a", ["B"] = "b" });
        await table.InsertAsync(new TableEntity("p", "replace") { ["A"] = "a", ["B"] = "b" });
        var deleteETag = await table.InsertAsync(new TableEntity("p", "delete"));
        await table.InsertAsync(new TableEntity("p", "upsert") { ["A"] = "a" });

        var result = await table.SubmitBatchAsync(
        [
            TableBatchOperation.Insert(new TableEntity("p", "insert") { ["A"] = "new" }),
            TableBatchOperation.Update(new TableEntity("p", "merge") { ["B"] = "b2" }, mergeETag, TableUpdateMode.Merge),
            TableBatchOperation.Update(new TableEntity("p", "replace") { ["B"] = "b2" }, ETag.All, TableUpdateMode.Replace),
            TableBatchOperation.Upsert(new TableEntity("p", "upsert") { ["C"] = "c" }, TableUpdateMode.Merge),
            TableBatchOperation.Delete("p", "delete", deleteETag),
        ]);

        Assert.Equal(5, result.ETags.Count);
        Assert.Equal("new", (await table.GetAsync("p", "insert"))!.GetString("A"));
        var merged = (await table.GetAsync("p", "merge"))!;
        Assert.Equal(("a", "b2"), (merged.GetString("A"), merged.GetString("B")));
        Assert.Equal(result.ETags[1], merged.ETag);
        var replaced = (await table.GetAsync("p", "replace"))!;
        Assert.Equal((null, "b2"), (replaced.GetString("A"), replaced.GetString("B")));
        var upserted = (await table.GetAsync("p", "upsert"))!;
        Assert.Equal(("a", "c"), (upserted.GetString("A"), upserted.GetString("C")));
        Assert.Null(await table.GetAsync("p", "delete"));
    }

    [Fact]
    public async Task SubmitBatch_OneOperationConflicts_RollsBackAllAndReportsItsIndex()
    {
        var table = await azurite.CreateTableAsync();
        await table.InsertAsync(new TableEntity("p", "r3") { ["V"] = "original" });
        var operations = Enumerable.Range(0, 6)
            .Select(i => TableBatchOperation.Insert(new TableEntity("p", $"r{i}") { ["V"] = "batch" }))
            .ToList();

        var error = await Assert.ThrowsAsync<TableRequestFailedException>(() => table.SubmitBatchAsync(operations));

        Assert.Equal(3, error.FailedOperationIndex);
        Assert.Equal(409, error.Status);
        Assert.Equal("EntityAlreadyExists", error.ErrorCode);
        Assert.Contains("operation 3", error.Message, StringComparison.Ordinal);
        var stored = await table.QueryAsync(new TableQuery { PartitionKey = "p" }).ToListAsync();
        Assert.Equal("r3", Assert.Single(stored).RowKey);
        Assert.Equal("original", stored[0].GetString("V"));
    }

    [Fact]
    public async Task SubmitBatch_StaleETagInUpdate_Throws412WithIndexAndWritesNothing()
    {
        var table = await azurite.CreateTableAsync();
        var stale = await table.InsertAsync(new TableEntity("p", "target") { ["V"] = 1 });
        await table.UpsertAsync(new TableEntity("p", "target") { ["V"] = 2 }, TableUpdateMode.Replace);

        var error = await Assert.ThrowsAsync<TableRequestFailedException>(() => table.SubmitBatchAsync(
        [
            TableBatchOperation.Insert(new TableEntity("p", "first")),
            TableBatchOperation.Update(new TableEntity("p", "target") { ["V"] = 3 }, stale, TableUpdateMode.Merge),
        ]));

        Assert.Equal((412, 1), (error.Status, error.FailedOperationIndex));
        Assert.Null(await table.GetAsync("p", "first"));
        Assert.Equal(2, (await table.GetAsync("p", "target"))!.GetInt32("V"));
    }

    [Fact]
    public async Task SubmitBatch_101Operations_RejectedBeforeAnythingIsSent()
    {
        var counter = new CountingHandler();
        var options = new TableStoreClientOptions { Transport = new HttpClientTransport(new HttpClient(counter)) };
        var table = await azurite.CreateTableAsync(options);
        var before = counter.Count;
        var operations = Enumerable.Range(0, 101).Select(i => TableBatchOperation.Insert(new TableEntity("p", $"r{i}"))).ToList();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitBatchAsync(operations));

        Assert.Contains("1 to 100", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, counter.Count);
        Assert.Empty(await table.QueryAsync(new TableQuery()).ToListAsync());
    }

    [Fact]
    public async Task SubmitBatch_TwoPartitions_RejectedBeforeAnythingIsSent()
    {
        var counter = new CountingHandler();
        var table = await azurite.CreateTableAsync(new TableStoreClientOptions { Transport = new HttpClientTransport(new HttpClient(counter)) });
        var before = counter.Count;

        var error = await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitBatchAsync(
            [TableBatchOperation.Insert(new TableEntity("a", "1")), TableBatchOperation.Insert(new TableEntity("b", "1"))]));

        Assert.Contains("operation 1", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, counter.Count);
    }

    /// <summary>Counts the requests that reach the network.</summary>
    private sealed class CountingHandler() : DelegatingHandler(new SocketsHttpHandler())
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _count);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
