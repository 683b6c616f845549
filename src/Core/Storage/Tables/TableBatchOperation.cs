using Azure;

namespace LlmGateway.Storage.Tables;

/// <summary>One operation of an entity group transaction (<see cref="ITableClient.SubmitBatchAsync"/>).</summary>
internal sealed record TableBatchOperation
{
    private TableBatchOperation(TableBatchOperationKind kind, TableEntity entity, ETag ifMatch)
    {
        Kind = kind;
        Entity = entity;
        IfMatch = ifMatch;
    }

    public TableBatchOperationKind Kind { get; }

    /// <summary>The entity written, or for a delete the keys of the entity removed.</summary>
    public TableEntity Entity { get; }

    /// <summary>The If-Match condition of an update or delete (<see cref="ETag.All"/> for any version).</summary>
    public ETag IfMatch { get; }

    public string PartitionKey => Entity.PartitionKey;

    public string RowKey => Entity.RowKey;

    public static TableBatchOperation Insert(TableEntity entity) => new(TableBatchOperationKind.Insert, Checked(entity), default);

    public static TableBatchOperation Upsert(TableEntity entity, TableUpdateMode mode) =>
        new(mode == TableUpdateMode.Merge ? TableBatchOperationKind.UpsertMerge : TableBatchOperationKind.UpsertReplace, Checked(entity), default);

    public static TableBatchOperation Update(TableEntity entity, ETag ifMatch, TableUpdateMode mode) =>
        new(mode == TableUpdateMode.Merge ? TableBatchOperationKind.UpdateMerge : TableBatchOperationKind.UpdateReplace, Checked(entity), Required(ifMatch));

    public static TableBatchOperation Delete(string partitionKey, string rowKey, ETag? ifMatch = null) =>
        new(TableBatchOperationKind.Delete, new TableEntity(partitionKey, rowKey), ifMatch is { } etag ? Required(etag) : ETag.All);

    private static TableEntity Checked(TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return entity;
    }

    private static ETag Required(ETag etag) =>
        etag == default ? throw new ArgumentException("An update or delete needs an ETag (ETag.All for any version).", nameof(etag)) : etag;
}
