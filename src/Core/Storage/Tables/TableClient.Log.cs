using Microsoft.Extensions.Logging;

namespace LlmGateway.Storage.Tables;

internal sealed partial class TableClient
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Created table {Table}")]
    private static partial void LogTableCreated(ILogger logger, string table);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Debug, Message = "Table {Operation} on {Table} answered {Status} {ErrorCode}")]
    private static partial void LogRequestFailed(ILogger logger, string operation, string table, int status, string? errorCode);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Debug, Message = "Batch of {Count} operations on {Table} rejected at operation {Index}: {Status} {ErrorCode}")]
    private static partial void LogBatchFailed(ILogger logger, int count, string table, int? index, int status, string? errorCode);
}
