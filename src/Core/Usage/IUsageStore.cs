namespace LlmGateway.Usage;

/// <summary>
/// The read side of usage (management API, <c>GET /v1/usage</c>): records by filter, pages of history, summaries and
/// imports. Implemented by the same object as the <see cref="IUsageSink"/> in use, so reads see what requests wrote;
/// write-behind stores flush before they read, so a caller sees its latest requests.
/// </summary>
internal interface IUsageStore
{
    /// <summary>Every record the filter matches, oldest first.</summary>
    IAsyncEnumerable<UsageRecord> ReadAsync(UsageFilter filter, CancellationToken cancellationToken = default);

    /// <summary>One page of the records the query's filter matches, newest first, with the total count.</summary>
    Task<UsagePage> QueryAsync(UsageQuery query, CancellationToken cancellationToken = default);

    /// <summary>Totals of the records in [<paramref name="from"/>, <paramref name="to"/>), optionally for one client key, grouped.</summary>
    Task<UsageSummary> SummaryAsync(DateTimeOffset from, DateTimeOffset to, UsageGroupBy groupBy, string? clientKey = null, CancellationToken cancellationToken = default);

    /// <summary>Stores records now; returns how many were new. Idempotent by record id.</summary>
    Task<int> ImportAsync(IReadOnlyList<UsageRecord> records, CancellationToken cancellationToken = default);
}
