using Azure;

namespace LlmGateway.Storage.Tables;

/// <summary>
/// One table. Failures the service reports throw <see cref="TableRequestFailedException"/> with the status and error
/// code (409 conflict, 412 ETag mismatch...); transport failures after the retries throw
/// <see cref="RequestFailedException"/>; arguments the service would refuse throw <see cref="ArgumentException"/>
/// before anything is sent.
/// </summary>
internal interface ITableClient
{
    /// <summary>The full table name (prefix included).</summary>
    string Name { get; }

    /// <summary>Creates the table; true when this call created it, false when it already existed.</summary>
    Task<bool> CreateIfNotExistsAsync(CancellationToken cancellationToken = default);

    /// <summary>The entity with these keys, or null when there is none.</summary>
    Task<TableEntity?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken = default);

    /// <summary>Inserts a new entity and returns its ETag; 409 <c>EntityAlreadyExists</c> when the keys are taken.</summary>
    Task<ETag> InsertAsync(TableEntity entity, CancellationToken cancellationToken = default);

    /// <summary>Inserts the entity or merges it into / replaces the existing one, whatever its version; returns the new ETag.</summary>
    Task<ETag> UpsertAsync(TableEntity entity, TableUpdateMode mode, CancellationToken cancellationToken = default);

    /// <summary>
    /// Merges into or replaces the existing entity when its ETag matches <paramref name="ifMatch"/>
    /// (<see cref="ETag.All"/>: any version); returns the new ETag. 412 when another writer got there first, 404
    /// when the entity does not exist.
    /// </summary>
    Task<ETag> UpdateAsync(TableEntity entity, ETag ifMatch, TableUpdateMode mode, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the entity when its ETag matches <paramref name="ifMatch"/> (null or <see cref="ETag.All"/>: any
    /// version). True when deleted; false when it did not exist and <paramref name="ignoreNotFound"/> is true (otherwise 404).
    /// </summary>
    Task<bool> DeleteAsync(string partitionKey, string rowKey, ETag? ifMatch = null, bool ignoreNotFound = true, CancellationToken cancellationToken = default);

    /// <summary>Every entity the query matches, following continuation tokens page after page.</summary>
    IAsyncEnumerable<TableEntity> QueryAsync(TableQuery query, CancellationToken cancellationToken = default);

    /// <summary>The query's pages as the service returns them, following continuation tokens.</summary>
    IAsyncEnumerable<TablePage> QueryPagesAsync(TableQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Commits 1 to 100 operations on one partition (no entity twice) atomically: all or none. Throws
    /// <see cref="ArgumentException"/> before sending when the batch breaks those rules, and
    /// <see cref="TableRequestFailedException"/> with <see cref="TableRequestFailedException.FailedOperationIndex"/>
    /// when the service rejects one operation (nothing is then written).
    /// </summary>
    Task<TableBatchResult> SubmitBatchAsync(IReadOnlyList<TableBatchOperation> operations, CancellationToken cancellationToken = default);
}
