namespace LlmGateway.Storage.Tables;

/// <summary>Header names, values and limits of the Table service REST API used by <see cref="TableClient"/>.</summary>
internal static class TableConstants
{
    /// <summary>The REST API version sent as <c>x-ms-version</c> (JSON payloads, supported by Azure and Azurite).</summary>
    public const string ApiVersion = "2019-02-02";

    public const string DataServiceVersion = "3.0";

    public const string MaxDataServiceVersion = "3.0;NetFx";

    /// <summary>JSON with type annotations only where a value's type cannot be inferred (Int64, DateTime, Guid, Binary).</summary>
    public const string AcceptMinimalMetadata = "application/json;odata=minimalmetadata";

    public const string JsonContentType = "application/json";

    public const string ReturnNoContent = "return-no-content";

    /// <summary>OAuth scope of Azure Storage for a <see cref="Azure.Core.TokenCredential"/>.</summary>
    public const string StorageScope = "https://storage.azure.com/.default";

    /// <summary>The most operations one entity group transaction may hold.</summary>
    public const int MaxBatchOperations = 100;

    /// <summary>The most bytes one entity group transaction's body may hold (4 MiB).</summary>
    public const int MaxBatchBytes = 4 * 1024 * 1024;

    /// <summary>The most entities the service returns in one page (<c>$top</c> cannot ask for more).</summary>
    public const int MaxPageSize = 1000;

    public const string ContinuationNextPartitionKey = "x-ms-continuation-NextPartitionKey";

    public const string ContinuationNextRowKey = "x-ms-continuation-NextRowKey";

    public const string ErrorCodeHeader = "x-ms-error-code";
}
