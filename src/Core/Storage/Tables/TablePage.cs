namespace LlmGateway.Storage.Tables;

/// <summary>One page of a query and the continuation the service gave for the next (both null on the last page).</summary>
internal sealed record TablePage(IReadOnlyList<TableEntity> Entities, string? NextPartitionKey, string? NextRowKey)
{
    public bool HasMore => NextPartitionKey is not null || NextRowKey is not null;
}
