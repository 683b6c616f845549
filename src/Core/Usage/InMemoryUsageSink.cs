using System.Collections.Concurrent;

namespace LlmGateway.Usage;

/// <summary>Keeps the most recent records (bounded) and running totals per (client key, model) in memory.</summary>
internal sealed class InMemoryUsageSink : IUsageSink
{
    private const int Capacity = 10_000;
    private readonly ConcurrentQueue<UsageRecord> _recent = new();
    private readonly ConcurrentDictionary<(string ClientKey, string Model), UsageTotals> _totals = new();

    public void Record(UsageRecord record)
    {
        _recent.Enqueue(record);
        while (_recent.Count > Capacity && _recent.TryDequeue(out _))
        {
        }

        var totals = _totals.GetOrAdd((record.ClientKey, record.ModelServed ?? record.ModelRequested), _ => new UsageTotals());
        totals.Add(record);
    }

    public IReadOnlyCollection<UsageRecord> Recent => _recent;

    public IReadOnlyDictionary<(string ClientKey, string Model), UsageTotals> Totals => _totals;
}
