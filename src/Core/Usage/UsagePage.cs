namespace LlmGateway.Usage;

/// <summary>One page of usage history, newest first, with the number of records the filter matched in all.</summary>
internal sealed record UsagePage(IReadOnlyList<UsageRecord> Records, int Page, int Limit, long Total)
{
    public bool HasMore => ((long)(Page - 1) * Limit) + Records.Count < Total;
}
