using System.Text;
using Azure;
using Azure.Core;

namespace LlmGateway.Storage.Tables;

internal sealed partial class TableClient
{
    public async Task<TableBatchResult> SubmitBatchAsync(IReadOnlyList<TableBatchOperation> operations, CancellationToken cancellationToken = default)
    {
        ValidateBatch(operations);
        var id = Guid.NewGuid().ToString("D");
        var batchBoundary = "batch_" + id;
        var body = TableBatchBody.Write(_endpoint, Name, operations, batchBoundary, "changeset_" + id);
        if (body.Length > TableConstants.MaxBatchBytes)
        {
            throw new ArgumentException($"The batch body is {body.Length} bytes; an entity group transaction may hold at most 4 MiB.", nameof(operations));
        }

        using var message = CreateMessage(RequestMethod.Post, "$batch");
        message.Request.Headers.SetValue(HttpHeader.Names.ContentType, "multipart/mixed; boundary=" + batchBoundary);
        message.Request.Content = RequestContent.Create(body);
        var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (response.Status != 202)
        {
            throw Failed(TableErrors.FromResponse(response, "batch", Name), "batch");
        }

        var parts = TableBatchResponse.Parse(Encoding.UTF8.GetString(response.Content.ToMemory().Span));
        foreach (var part in parts)
        {
            if (part.Status >= 300)
            {
                var (code, serviceMessage) = TableErrors.Read(Encoding.UTF8.GetBytes(part.Body));
                var index = TableBatchResponse.FailedIndex(serviceMessage) ?? (operations.Count == 1 ? 0 : null);
                LogBatchFailed(_logger, operations.Count, Name, index, part.Status, code);
                throw TableErrors.Create(part.Status, code, TableBatchResponse.WithoutIndex(serviceMessage), "batch", Name, index);
            }
        }

        if (parts.Count != operations.Count)
        {
            throw new TableRequestFailedException(response.Status, null, $"Table batch on '{Name}' was answered with {parts.Count} responses for {operations.Count} operations.");
        }

        var etags = new ETag[parts.Count];
        for (var i = 0; i < parts.Count; i++)
        {
            etags[i] = parts[i].Headers.TryGetValue(HttpHeader.Names.ETag, out var etag) ? new ETag(etag) : default;
        }

        return new TableBatchResult(etags);
    }

    /// <summary>The service's rules for an entity group transaction, checked before anything is sent.</summary>
    internal static void ValidateBatch(IReadOnlyList<TableBatchOperation> operations)
    {
        ArgumentNullException.ThrowIfNull(operations);
        if (operations.Count is 0 or > TableConstants.MaxBatchOperations)
        {
            throw new ArgumentException($"A batch holds 1 to {TableConstants.MaxBatchOperations} operations, not {operations.Count}.", nameof(operations));
        }

        var partitionKey = operations[0]?.PartitionKey;
        var rowKeys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < operations.Count; i++)
        {
            var operation = operations[i] ?? throw new ArgumentException($"Batch operation {i} is null.", nameof(operations));
            if (!string.Equals(operation.PartitionKey, partitionKey, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Batch operation {i} is on another partition than operation 0; a batch holds one partition.", nameof(operations));
            }

            if (!rowKeys.Add(operation.RowKey))
            {
                throw new ArgumentException($"Batch operation {i} repeats the RowKey of an earlier operation; a batch may touch each entity once.", nameof(operations));
            }
        }
    }
}
