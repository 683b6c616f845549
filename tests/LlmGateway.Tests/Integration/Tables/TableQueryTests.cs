using System.Globalization;
using LlmGateway.Storage.Tables;
using LlmGateway.Tests.Infrastructure;

namespace LlmGateway.Tests.Integration.Tables;

/// <summary>Queries of <see cref="TableClient"/> against Azurite: filter, select, top and continuation tokens.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableQueryTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Query_PartitionFilterSelectTop_ReturnsMatchingEntitiesWithSelectedPropertiesInPages()
    {
        var table = await azurite.CreateTableAsync();
        await InsertAsync(table, "a", 10);
        await InsertAsync(table, "b", 10);
        var query = new TableQuery
        {
            PartitionKey = "a",
            Filter = TableFilter.Create($"Number ge {4} and Kind eq {"even"}"),
            Select = ["Number"],
            MaxPerPage = 2,
        };

        var pages = await table.QueryPagesAsync(query).ToListAsync();
        var entities = pages.SelectMany(p => p.Entities).ToList();

        Assert.Equal([4, 6, 8], entities.Select(e => e.GetInt32("Number")!.Value));
        Assert.All(entities, e => Assert.Equal("a", e.PartitionKey));
        Assert.All(entities, e => Assert.Equal(["Number"], e.Properties.Keys));
        Assert.All(entities, e => Assert.NotEqual(default, e.ETag));
        Assert.All(pages, p => Assert.True(p.Entities.Count <= 2));
        Assert.False(pages[^1].HasMore);
    }

    [Fact]
    public async Task Query_FilterWithQuoteInValue_MatchesLiterally()
    {
        var table = await azurite.CreateTableAsync();
        await table.InsertAsync(new TableEntity("p", "1") { ["Owner"] = "o'brien" });
        await table.InsertAsync(new TableEntity("p", "2") { ["Owner"] = "obrien" });

        var found = await table.QueryAsync(new TableQuery { Filter = TableFilter.Equal("Owner", "o'brien") }).ToListAsync();

        Assert.Equal("1", Assert.Single(found).RowKey);
    }

    [Fact]
    public async Task Query_TypedFilterLiterals_MatchInt64DateTimeGuidAndBool()
    {
        var table = await azurite.CreateTableAsync();
        var when = new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var id = Guid.NewGuid();
        await table.InsertAsync(new TableEntity("p", "hit") { ["Big"] = 5_000_000_000L, ["When"] = when, ["Id"] = id, ["On"] = true });
        await table.InsertAsync(new TableEntity("p", "miss") { ["Big"] = 1L, ["When"] = when.AddDays(-1), ["Id"] = Guid.NewGuid(), ["On"] = false });

        var filter = TableFilter.Create($"Big gt {4_000_000_000L} and When ge {when} and Id eq {id} and On eq {true}");
        var found = await table.QueryAsync(new TableQuery { PartitionKey = "p", Filter = filter }).ToListAsync();

        Assert.Equal("hit", Assert.Single(found).RowKey);
    }

    [Fact]
    public async Task Query_1200EntitiesNoTop_FollowsContinuationAcrossPages()
    {
        var table = await azurite.CreateTableAsync();
        await InsertAsync(table, "p", 1200);

        var pages = await table.QueryPagesAsync(new TableQuery { PartitionKey = "p" }).ToListAsync();
        var rowKeys = pages.SelectMany(p => p.Entities).Select(e => e.RowKey).ToList();

        Assert.True(pages.Count >= 2, $"expected the service to page 1,200 entities, got {pages.Count} page(s)");
        Assert.True(pages[0].HasMore);
        Assert.All(pages, p => Assert.True(p.Entities.Count <= TableConstants.MaxPageSize));
        Assert.Equal(1200, rowKeys.Count);
        Assert.Equal(Enumerable.Range(0, 1200).Select(RowKey), rowKeys);
    }

    [Fact]
    public async Task Query_1200EntitiesTop500AcrossPartitions_ReturnsEveryEntityOnceInPagesOfAtMost500()
    {
        var table = await azurite.CreateTableAsync();
        await InsertAsync(table, "x", 600);
        await InsertAsync(table, "y", 600);

        var pages = await table.QueryPagesAsync(new TableQuery { MaxPerPage = 500 }).ToListAsync();
        var all = await table.QueryAsync(new TableQuery { MaxPerPage = 500 }).ToListAsync();

        Assert.True(pages.Count >= 3);
        Assert.All(pages, p => Assert.True(p.Entities.Count <= 500));
        Assert.Equal(1200, all.Count);
        Assert.Equal(1200, all.Select(e => (e.PartitionKey, e.RowKey)).Distinct().Count());
    }

    [Fact]
    public async Task Query_Cancelled_StopsWithOperationCanceled()
    {
        var table = await azurite.CreateTableAsync();
        await InsertAsync(table, "p", 10);
        using var cancel = new CancellationTokenSource();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var page in table.QueryPagesAsync(new TableQuery { MaxPerPage = 2 }, cancel.Token))
            {
                await cancel.CancelAsync();
            }
        });

        Assert.Equal(cancel.Token, error.CancellationToken);
    }

    private static string RowKey(int i) => i.ToString("D5", CultureInfo.InvariantCulture);

    /// <summary>Inserts <paramref name="count"/> entities (RowKey 00000...) in batches of 100.</summary>
    private static async Task InsertAsync(ITableClient table, string partitionKey, int count)
    {
        for (var start = 0; start < count; start += TableConstants.MaxBatchOperations)
        {
            var operations = Enumerable.Range(start, Math.Min(TableConstants.MaxBatchOperations, count - start))
                .Select(i => TableBatchOperation.Insert(new TableEntity(partitionKey, RowKey(i)) { ["Number"] = i, ["Kind"] = i % 2 == 0 ? "even" : "odd" }))
                .ToList();
            await table.SubmitBatchAsync(operations);
        }
    }
}
