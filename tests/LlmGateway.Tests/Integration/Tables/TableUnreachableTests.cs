using System.Net;
using System.Net.Sockets;
using Azure;
using LlmGateway.Configuration;
using LlmGateway.Storage.Tables;

namespace LlmGateway.Tests.Integration.Tables;

/// <summary>The documented failure when storage cannot be reached: one RequestFailedException with status 0, whatever the retries.</summary>
public sealed class TableUnreachableTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public async Task AnyCall_ConnectionRefusedOnEveryAttempt_ThrowsRequestFailedExceptionWithStatus0(int retries)
    {
        var table = ClosedPortTable(retries, TimeSpan.FromMilliseconds(10));

        var get = await Assert.ThrowsAsync<RequestFailedException>(() => table.GetAsync("p", "r"));
        var batch = await Assert.ThrowsAsync<RequestFailedException>(() => table.SubmitBatchAsync([TableBatchOperation.Insert(new TableEntity("p", "r"))]));

        Assert.Equal(0, get.Status);
        Assert.Equal(0, batch.Status);
        if (retries > 0)
        {
            Assert.Contains($"after {retries + 1} attempt(s)", get.Message, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(TableConnectionString.DevelopmentAccountKey[..16], get.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyCall_CallerCancelsDuringTheRetries_ThrowsOperationCanceled()
    {
        var table = ClosedPortTable(retries: 3, TimeSpan.FromSeconds(30));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => table.GetAsync("p", "r", cancel.Token));
    }

    private static ITableClient ClosedPortTable(int retries, TimeSpan delay)
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var clientOptions = new TableStoreClientOptions();
        clientOptions.Retry.MaxRetries = retries;
        clientOptions.Retry.Delay = delay;
        clientOptions.Retry.MaxDelay = delay;
        var options = new StorageOptions
        {
            ConnectionString = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={TableConnectionString.DevelopmentAccountKey};TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;",
        };
        return TableStoreFactory.Create(options, credential: null, clientOptions).GetTableClient("unreachable");
    }
}
