using System.Collections.Concurrent;
using LlmGateway.Usage;
using Microsoft.Extensions.Hosting;

namespace LlmGateway.Tests.Infrastructure;

/// <summary>
/// The gateway's usage sink in end-to-end tests. A record is written when the request's handler finishes, which
/// can be just after the client has the whole answer, so tests wait for the record itself rather than read a list.
/// With an <paramref name="inner"/> sink (the table sink when storage is configured) every record is passed on, and
/// the inner sink's background work is started and stopped with the gateway's.
/// </summary>
internal sealed class ObservedUsageSink(IUsageSink? inner = null) : IUsageSink, IHostedService
{
    private readonly ConcurrentQueue<UsageRecord> _records = new();
    private readonly SemaphoreSlim _recorded = new(0);

    public IReadOnlyCollection<UsageRecord> Recent => _records;

    public void Record(UsageRecord record)
    {
        inner?.Record(record);
        _records.Enqueue(record);
        _recorded.Release();
    }

    /// <summary>The records once at least <paramref name="count"/> have arrived (fails after 10 s without one).</summary>
    public async Task<IReadOnlyList<UsageRecord>> WaitAsync(int count)
    {
        while (_records.Count < count)
        {
            if (!await _recorded.WaitAsync(TimeSpan.FromSeconds(10)))
            {
                throw new TimeoutException($"Expected {count} usage records, got {_records.Count}.");
            }
        }

        return _records.ToArray();
    }

    public Task StartAsync(CancellationToken cancellationToken) =>
        inner is IHostedService hosted ? hosted.StartAsync(cancellationToken) : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) =>
        inner is IHostedService hosted ? hosted.StopAsync(cancellationToken) : Task.CompletedTask;
}
