namespace LlmGateway.Usage;

/// <summary>
/// Usage in this instance's memory (no storage configured): the most recent <see cref="Capacity"/> records, which is
/// all that history, export and summaries can cover; they last until the process ends.
/// </summary>
internal sealed class InMemoryUsageSink : IUsageSink, IUsageStore
{
    public const int Capacity = 50_000;
    private readonly Lock _gate = new();
    private readonly Queue<UsageRecord> _records = new();
    private readonly HashSet<Guid> _ids = [];

    /// <summary>The records held, in arrival order.</summary>
    public IReadOnlyCollection<UsageRecord> Recent => Snapshot();

    public void Record(UsageRecord record)
    {
        lock (_gate)
        {
            Add(record);
        }
    }

    public IAsyncEnumerable<UsageRecord> ReadAsync(UsageFilter filter, CancellationToken cancellationToken = default) =>
        Ordered(filter).ToAsyncEnumerable();

    public Task<UsagePage> QueryAsync(UsageQuery query, CancellationToken cancellationToken = default)
    {
        var matching = Ordered(query.Filter);
        var page = matching.AsEnumerable().Reverse().Skip((int)Math.Min(query.Skip, int.MaxValue)).Take(query.Limit).ToList();
        return Task.FromResult(new UsagePage(page, query.Page, query.Limit, matching.Count));
    }

    public Task<UsageSummary> SummaryAsync(DateTimeOffset from, DateTimeOffset to, UsageGroupBy groupBy, string? clientKey = null, CancellationToken cancellationToken = default) =>
        UsageSummary.BuildAsync(ReadAsync(new UsageFilter { From = from, To = to, ClientKey = clientKey }, cancellationToken), groupBy, cancellationToken);

    public Task<int> ImportAsync(IReadOnlyList<UsageRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var added = 0;
        lock (_gate)
        {
            foreach (var record in records)
            {
                added += Add(record) ? 1 : 0;
            }
        }

        return Task.FromResult(added);
    }

    private bool Add(UsageRecord record)
    {
        if (!_ids.Add(record.Id))
        {
            return false;
        }

        _records.Enqueue(record);
        while (_records.Count > Capacity)
        {
            _ids.Remove(_records.Dequeue().Id);
        }

        return true;
    }

    /// <summary>Matching records oldest first, in the order the table store returns them (time, then id).</summary>
    private List<UsageRecord> Ordered(UsageFilter filter) =>
    [
        .. Snapshot()
            .Where(filter.Matches)
            .OrderBy(r => r.Time.UtcTicks)
            .ThenBy(r => r.Id.ToString("N"), StringComparer.Ordinal),
    ];

    private UsageRecord[] Snapshot()
    {
        lock (_gate)
        {
            return [.. _records];
        }
    }
}
