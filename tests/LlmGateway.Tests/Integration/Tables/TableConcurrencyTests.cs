using LlmGateway.Storage.Tables;
using LlmGateway.Tests.Infrastructure;

namespace LlmGateway.Tests.Integration.Tables;

/// <summary>Optimistic concurrency with If-Match against Azurite: the ETag decides which of two writers wins.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableConcurrencyTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Update_TwoWritersWithSameETag_ExactlyOneWinsEachRound()
    {
        var table = await azurite.CreateTableAsync();
        await table.InsertAsync(new TableEntity("p", "counter") { ["Value"] = 0L });
        var writerA = azurite.CreateStore(prefix: string.Empty).GetTableClient(table.Name);
        var writerB = azurite.CreateStore(prefix: string.Empty).GetTableClient(table.Name);
        const int Rounds = 20;

        for (var round = 1; round <= Rounds; round++)
        {
            var current = (await table.GetAsync("p", "counter"))!;
            var next = current.GetInt64("Value")!.Value + 1;

            var outcomes = await Task.WhenAll(
                TryUpdateAsync(writerA, current, next, "A"),
                TryUpdateAsync(writerB, current, next, "B"));

            Assert.Single(outcomes, o => o.Won);
            var loser = Assert.Single(outcomes, o => !o.Won);
            Assert.Equal(412, loser.Status);
            var stored = (await table.GetAsync("p", "counter"))!;
            Assert.Equal(round, stored.GetInt64("Value"));
            Assert.Equal(Assert.Single(outcomes, o => o.Won).Writer, stored.GetString("Writer"));
        }
    }

    [Fact]
    public async Task Update_RetryLoopOnPreconditionFailed_LosesNoIncrement()
    {
        var table = await azurite.CreateTableAsync();
        await table.InsertAsync(new TableEntity("p", "counter") { ["Value"] = 0L });
        const int Writers = 4;
        const int IncrementsEach = 10;

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => IncrementAsync(table, IncrementsEach)));

        Assert.Equal(Writers * IncrementsEach, (await table.GetAsync("p", "counter"))!.GetInt64("Value"));
    }

    private static async Task<(bool Won, int Status, string Writer)> TryUpdateAsync(ITableClient table, TableEntity current, long next, string writer)
    {
        try
        {
            await table.UpdateAsync(new TableEntity("p", "counter") { ["Value"] = next, ["Writer"] = writer }, current.ETag, TableUpdateMode.Replace);
            return (true, 204, writer);
        }
        catch (TableRequestFailedException ex)
        {
            return (false, ex.Status, writer);
        }
    }

    private static async Task IncrementAsync(ITableClient table, int times)
    {
        for (var done = 0; done < times;)
        {
            var current = (await table.GetAsync("p", "counter"))!;
            try
            {
                await table.UpdateAsync(new TableEntity("p", "counter") { ["Value"] = current.GetInt64("Value")!.Value + 1 }, current.ETag, TableUpdateMode.Merge);
                done++;
            }
            catch (TableRequestFailedException ex) when (ex.IsPreconditionFailed)
            {
                // Another writer won this round: read again and retry.
            }
        }
    }
}
