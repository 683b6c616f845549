using System.Collections.Concurrent;
using LlmGateway.Usage;

namespace LlmGateway.Tests.Infrastructure;

/// <summary>
/// The gateway's usage sink in end-to-end tests. A record is written when the request's handler finishes, which
/// can be just after the client has the whole answer, so tests wait for the record itself rather than read a list.
/// Records are passed on to the gateway's own sink (<paramref name="inner"/>), so its usage store (management API,
/// <c>/v1/usage</c>) sees them too; the gateway starts the inner sink's background work through its usage store.
/// </summary>
internal sealed class ObservedUsageSink(IUsageSink? inner = null) : IUsageSink
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
}
