using Azure;
using LlmGateway.Configuration;
using LlmGateway.Storage.Tables;
using LlmGateway.Tests.Infrastructure;

namespace LlmGateway.Tests.Integration.Tables;

/// <summary>Single-entity operations of <see cref="TableClient"/> against Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableEntityTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task CreateIfNotExists_CalledTwice_CreatesOnceThenReportsExisting()
    {
        var table = azurite.CreateStore().GetTableClient(AzuriteFixture.UniqueName());

        var first = await table.CreateIfNotExistsAsync();
        var second = await table.CreateIfNotExistsAsync();

        Assert.True(first);
        Assert.False(second);
    }

    [Fact]
    public async Task InsertThenGet_NewEntity_ReturnsItWithETagAndTimestamp()
    {
        var table = await azurite.CreateTableAsync();
        var entity = new TableEntity("p1", "r1") { ["Name"] = "alpha", ["Count"] = 3 };

        var etag = await table.InsertAsync(entity);
        var read = await table.GetAsync("p1", "r1");

        Assert.NotNull(read);
        Assert.Equal(("p1", "r1"), (read.PartitionKey, read.RowKey));
        Assert.Equal("alpha", read.GetString("Name"));
        Assert.Equal(3, read.GetInt32("Count"));
        Assert.NotEqual(default, etag);
        Assert.Equal(etag, read.ETag);
        Assert.NotNull(read.Timestamp);
    }

    [Fact]
    public async Task Get_MissingEntity_ReturnsNull()
    {
        var table = await azurite.CreateTableAsync();

        var read = await table.GetAsync("nobody", "here");

        Assert.Null(read);
    }

    [Fact]
    public async Task Get_MissingTable_ThrowsNotFound()
    {
        var table = azurite.CreateStore().GetTableClient(AzuriteFixture.UniqueName());

        var error = await Assert.ThrowsAsync<TableRequestFailedException>(() => table.GetAsync("p", "r"));

        Assert.Equal(404, error.Status);
        Assert.Equal("TableNotFound", error.ErrorCode);
    }

    [Fact]
    public async Task Insert_ExistingKeys_ThrowsConflictWithErrorCode()
    {
        var table = await azurite.CreateTableAsync();
        await table.InsertAsync(new TableEntity("p", "r") { ["V"] = 1 });

        var error = await Assert.ThrowsAsync<TableRequestFailedException>(() => table.InsertAsync(new TableEntity("p", "r") { ["V"] = 2 }));

        Assert.True(error.IsConflict);
        Assert.Equal("EntityAlreadyExists", error.ErrorCode);
        Assert.Contains(table.Name, error.Message, StringComparison.Ordinal);
        Assert.Equal(1, (await table.GetAsync("p", "r"))!.GetInt32("V"));
    }

    [Fact]
    public async Task Upsert_MergeKeepsOtherPropertiesReplaceDropsThem()
    {
        var table = await azurite.CreateTableAsync();
        await table.InsertAsync(new TableEntity("p", "merge") { ["A"] = "a", ["B"] = "b" });
        await table.InsertAsync(new TableEntity("p", "replace") { ["A"] = "a", ["B"] = "b" });

        await table.UpsertAsync(new TableEntity("p", "merge") { ["B"] = "b2" }, TableUpdateMode.Merge);
        await table.UpsertAsync(new TableEntity("p", "replace") { ["B"] = "b2" }, TableUpdateMode.Replace);
        await table.UpsertAsync(new TableEntity("p", "new") { ["C"] = "c" }, TableUpdateMode.Merge);

        var merged = (await table.GetAsync("p", "merge"))!;
        var replaced = (await table.GetAsync("p", "replace"))!;
        Assert.Equal(("a", "b2"), (merged.GetString("A"), merged.GetString("B")));
        Assert.Equal((null, "b2"), (replaced.GetString("A"), replaced.GetString("B")));
        Assert.Equal("c", (await table.GetAsync("p", "new"))!.GetString("C"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Update_CurrentETag_SucceedsAndStaleETagThrows412(bool merge)
    {
        var mode = merge ? TableUpdateMode.Merge : TableUpdateMode.Replace;
        var table = await azurite.CreateTableAsync();
        var original = await table.InsertAsync(new TableEntity("p", "r") { ["V"] = 1 });

        var updated = await table.UpdateAsync(new TableEntity("p", "r") { ["V"] = 2 }, original, mode);
        var error = await Assert.ThrowsAsync<TableRequestFailedException>(() => table.UpdateAsync(new TableEntity("p", "r") { ["V"] = 3 }, original, mode));

        Assert.NotEqual(original, updated);
        Assert.True(error.IsPreconditionFailed);
        Assert.Equal(412, error.Status);
        Assert.Equal("UpdateConditionNotSatisfied", error.ErrorCode);
        var read = (await table.GetAsync("p", "r"))!;
        Assert.Equal(2, read.GetInt32("V"));
        Assert.Equal(updated, read.ETag);
    }

    [Fact]
    public async Task Update_MissingEntity_ThrowsNotFound()
    {
        var table = await azurite.CreateTableAsync();

        var error = await Assert.ThrowsAsync<TableRequestFailedException>(() => table.UpdateAsync(new TableEntity("p", "r"), ETag.All, TableUpdateMode.Merge));

        Assert.True(error.IsNotFound);
    }

    [Fact]
    public async Task Delete_ETagAndWildcard_DeletesAndMissingIsToleratedOnlyWhenAsked()
    {
        var table = await azurite.CreateTableAsync();
        var etag = await table.InsertAsync(new TableEntity("p", "a"));
        await table.InsertAsync(new TableEntity("p", "b"));

        var deletedWithETag = await table.DeleteAsync("p", "a", etag);
        var deletedAny = await table.DeleteAsync("p", "b", ETag.All);
        var again = await table.DeleteAsync("p", "b");
        var strict = await Assert.ThrowsAsync<TableRequestFailedException>(() => table.DeleteAsync("p", "b", ignoreNotFound: false));

        Assert.True(deletedWithETag);
        Assert.True(deletedAny);
        Assert.False(again);
        Assert.True(strict.IsNotFound);
        Assert.Null(await table.GetAsync("p", "a"));
    }

    [Fact]
    public async Task Delete_StaleETag_Throws412AndKeepsEntity()
    {
        var table = await azurite.CreateTableAsync();
        var stale = await table.InsertAsync(new TableEntity("p", "r") { ["V"] = 1 });
        await table.UpsertAsync(new TableEntity("p", "r") { ["V"] = 2 }, TableUpdateMode.Replace);

        var error = await Assert.ThrowsAsync<TableRequestFailedException>(() => table.DeleteAsync("p", "r", stale));

        Assert.True(error.IsPreconditionFailed);
        Assert.NotNull(await table.GetAsync("p", "r"));
    }

    [Fact]
    public async Task TypedProperties_EveryType_RoundTrip()
    {
        var table = await azurite.CreateTableAsync();
        var when = new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.FromHours(2)).AddTicks(1234567);
        var id = Guid.NewGuid();
        byte[] bytes = [0, 1, 2, 250, 255];
        var entity = new TableEntity("p", "typed")
        {
            ["Text"] = "héllo 'quoted' \"double\"",
            ["Flag"] = true,
            ["Int"] = int.MinValue,
            ["Long"] = long.MaxValue,
            ["Small64"] = 5L,
            ["Double"] = 1.5,
            ["WholeDouble"] = 2.0,
            ["When"] = when,
            ["Id"] = id,
            ["Bytes"] = bytes,
        };

        await table.InsertAsync(entity);
        var read = (await table.GetAsync("p", "typed"))!;

        Assert.Equal("héllo 'quoted' \"double\"", read.GetString("Text"));
        Assert.True(read.GetBoolean("Flag"));
        Assert.Equal(int.MinValue, Assert.IsType<int>(read["Int"]));
        Assert.Equal(long.MaxValue, Assert.IsType<long>(read["Long"]));
        Assert.Equal(5L, Assert.IsType<long>(read["Small64"]));
        Assert.Equal(1.5, Assert.IsType<double>(read["Double"]));
        Assert.Equal(2.0, read.GetDouble("WholeDouble"));
        Assert.Equal(when, read.GetDateTimeOffset("When"));
        Assert.Equal(TimeSpan.Zero, read.GetDateTimeOffset("When")!.Value.Offset);
        Assert.Equal(id, read.GetGuid("Id"));
        Assert.Equal(bytes, read.GetBinary("Bytes"));
        Assert.Equal(10, read.Properties.Count);
    }

    [Theory]
    [InlineData("o'brien", "it's")]
    [InlineData("a b%c", "100% & more=+")]
    [InlineData("ünïcödé", "日本")]
    [InlineData("", "empty-partition")]
    public async Task Keys_QuotesSpacesPercentAndUnicode_RoundTripThroughEveryOperation(string partitionKey, string rowKey)
    {
        var table = await azurite.CreateTableAsync();

        var etag = await table.InsertAsync(new TableEntity(partitionKey, rowKey) { ["V"] = 1 });
        await table.UpdateAsync(new TableEntity(partitionKey, rowKey) { ["V"] = 2 }, etag, TableUpdateMode.Merge);
        var read = await table.GetAsync(partitionKey, rowKey);
        var queried = await table.QueryAsync(new TableQuery { PartitionKey = partitionKey }).ToListAsync();
        var deleted = await table.DeleteAsync(partitionKey, rowKey);

        Assert.Equal(2, read?.GetInt32("V"));
        Assert.Equal((partitionKey, rowKey), (read!.PartitionKey, read.RowKey));
        Assert.Equal(rowKey, Assert.Single(queried).RowKey);
        Assert.True(deleted);
    }

    [Fact]
    public async Task AnyRequest_WrongAccountKey_Throws403WithoutKeyOrSignatureInMessage()
    {
        var wrongKey = Convert.ToBase64String(Enumerable.Range(1, 64).Select(i => (byte)i).ToArray());
        var connectionString = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={wrongKey};TableEndpoint={azurite.TableEndpoint};";
        var table = TableStoreFactory.Create(new StorageOptions { ConnectionString = connectionString }, credential: null).GetTableClient(AzuriteFixture.UniqueName());

        var error = await Assert.ThrowsAsync<TableRequestFailedException>(() => table.CreateIfNotExistsAsync());

        Assert.Equal(403, error.Status);
        Assert.DoesNotContain(wrongKey, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("SharedKey", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("devstoreaccount1:", error.ToString(), StringComparison.Ordinal);
    }
}
