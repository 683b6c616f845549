namespace LlmGateway.Usage;

/// <summary>One group of a <see cref="UsageSummary"/>: the grouped value and its totals.</summary>
internal sealed record UsageGroup(string Key, UsageAggregate Totals);
