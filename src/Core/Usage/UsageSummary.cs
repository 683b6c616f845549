namespace LlmGateway.Usage;

/// <summary>Totals over a set of usage records, and the same broken down by one dimension (groups ordered by key).</summary>
internal sealed record UsageSummary(UsageAggregate Total, IReadOnlyList<UsageGroup> Groups)
{
    /// <summary>What a record without the grouped value (no upstream reached) is counted under.</summary>
    public const string None = "none";

    public static async Task<UsageSummary> BuildAsync(IAsyncEnumerable<UsageRecord> records, UsageGroupBy groupBy, CancellationToken cancellationToken = default)
    {
        var total = new UsageAggregate();
        var groups = new Dictionary<string, UsageAggregate>(StringComparer.Ordinal);
        await foreach (var record in records.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var one = UsageAggregate.Of(record);
            total = total.Add(one);
            var key = KeyOf(record, groupBy);
            groups[key] = groups.TryGetValue(key, out var existing) ? existing.Add(one) : one;
        }

        return new UsageSummary(total, [.. groups.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new UsageGroup(g.Key, g.Value))]);
    }

    public static string KeyOf(UsageRecord record, UsageGroupBy groupBy) => groupBy switch
    {
        UsageGroupBy.Key => record.ClientKey,
        UsageGroupBy.Model => record.ModelRequested,
        UsageGroupBy.Credential => record.CredentialId ?? None,
        UsageGroupBy.Provider => record.Provider ?? None,
        _ => throw new ArgumentOutOfRangeException(nameof(groupBy), groupBy, null),
    };
}
