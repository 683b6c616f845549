using System.Runtime.CompilerServices;
using Azure;
using LlmGateway.Storage.Tables;

namespace LlmGateway.Tests.Infrastructure;

/// <summary>
/// A real table store (Azurite) whose next query can be held after it has read the table and before it hands over
/// what it read: the window in which a writer on the same instance races a refresh.
/// </summary>
internal sealed class GatedTableStore(ITableStore inner) : ITableStore
{
    private TaskCompletionSource? _gate;
    private TaskCompletionSource? _held;

    /// <summary>Completes when a held query has read its snapshot.</summary>
    public TaskCompletionSource SnapshotTaken { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Uri Endpoint => inner.Endpoint;

    /// <summary>Holds the next query once it has read the table, until <see cref="Release"/>.</summary>
    public void HoldNextQuery()
    {
        SnapshotTaken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _gate = _held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void Release() => _held?.TrySetResult();

    public ITableClient GetTableClient(string name) => new Client(inner.GetTableClient(name), this);

    private sealed class Client(ITableClient inner, GatedTableStore store) : ITableClient
    {
        public string Name => inner.Name;

        public Task<bool> CreateIfNotExistsAsync(CancellationToken cancellationToken = default) => inner.CreateIfNotExistsAsync(cancellationToken);

        public Task<TableEntity?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken = default) => inner.GetAsync(partitionKey, rowKey, cancellationToken);

        public Task<ETag> InsertAsync(TableEntity entity, CancellationToken cancellationToken = default) => inner.InsertAsync(entity, cancellationToken);

        public Task<ETag> UpsertAsync(TableEntity entity, TableUpdateMode mode, CancellationToken cancellationToken = default) => inner.UpsertAsync(entity, mode, cancellationToken);

        public Task<ETag> UpdateAsync(TableEntity entity, ETag ifMatch, TableUpdateMode mode, CancellationToken cancellationToken = default) =>
            inner.UpdateAsync(entity, ifMatch, mode, cancellationToken);

        public Task<bool> DeleteAsync(string partitionKey, string rowKey, ETag? ifMatch = null, bool ignoreNotFound = true, CancellationToken cancellationToken = default) =>
            inner.DeleteAsync(partitionKey, rowKey, ifMatch, ignoreNotFound, cancellationToken);

        public async IAsyncEnumerable<TableEntity> QueryAsync(TableQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var snapshot = new List<TableEntity>();
            await foreach (var entity in inner.QueryAsync(query, cancellationToken))
            {
                snapshot.Add(entity);
            }

            if (Interlocked.Exchange(ref store._gate, null) is { } gate)
            {
                store.SnapshotTaken.TrySetResult();
                await gate.Task.WaitAsync(cancellationToken);
            }

            foreach (var entity in snapshot)
            {
                yield return entity;
            }
        }

        public IAsyncEnumerable<TablePage> QueryPagesAsync(TableQuery query, CancellationToken cancellationToken = default) => inner.QueryPagesAsync(query, cancellationToken);

        public Task<TableBatchResult> SubmitBatchAsync(IReadOnlyList<TableBatchOperation> operations, CancellationToken cancellationToken = default) =>
            inner.SubmitBatchAsync(operations, cancellationToken);
    }
}
