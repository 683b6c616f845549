using Azure;

namespace LlmGateway.Storage.Tables;

/// <summary>
/// The Table service refused a request. <see cref="RequestFailedException.Status"/> and
/// <see cref="RequestFailedException.ErrorCode"/> say why — 409 <c>EntityAlreadyExists</c> on an insert, 412
/// <c>UpdateConditionNotSatisfied</c> on an If-Match mismatch (read again and retry), 404 <c>ResourceNotFound</c> —,
/// and <see cref="FailedOperationIndex"/> which operation of a batch failed. Messages carry the table, the
/// operation, the status and the service's error code and message; never a key, token or signature.
/// </summary>
internal sealed class TableRequestFailedException : RequestFailedException
{
    public TableRequestFailedException(int status, string? errorCode, string message, int? failedOperationIndex = null)
        : base(status, message, errorCode, innerException: null)
    {
        FailedOperationIndex = failedOperationIndex;
    }

    /// <summary>The zero-based index of the batch operation the service rejected, when the request was a batch.</summary>
    public int? FailedOperationIndex { get; }

    /// <summary>409: the entity or table already exists (or a table is being deleted).</summary>
    public bool IsConflict => Status == 409;

    /// <summary>412: the entity's ETag no longer matches If-Match; someone else wrote it first.</summary>
    public bool IsPreconditionFailed => Status == 412;

    /// <summary>404: the entity (or table) does not exist.</summary>
    public bool IsNotFound => Status == 404;
}
