namespace LlmGateway.Usage;

/// <summary>A page of usage history: <see cref="Page"/> counts from 1, <see cref="Limit"/> records a page.</summary>
internal sealed record UsageQuery(UsageFilter Filter, int Page, int Limit)
{
    /// <summary>Records on the pages before this one.</summary>
    public long Skip => (long)(Page - 1) * Limit;
}
