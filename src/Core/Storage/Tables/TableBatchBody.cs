using System.Text;

namespace LlmGateway.Storage.Tables;

/// <summary>
/// Writes the <c>multipart/mixed</c> body of an entity group transaction (<c>POST /$batch</c>): one batch part
/// holding one changeset, whose parts are the operations as HTTP requests with absolute URLs, CRLF line ends:
/// <code>
/// --batch_B
/// Content-Type: multipart/mixed; boundary=changeset_C
///
/// --changeset_C
/// Content-Type: application/http
/// Content-Transfer-Encoding: binary
///
/// POST https://acct.table.core.windows.net/t HTTP/1.1
/// Accept: application/json;odata=minimalmetadata
/// ...
///
/// {"PartitionKey":"p","RowKey":"r"}
/// --changeset_C--
/// --batch_B--
/// </code>
/// </summary>
internal static class TableBatchBody
{
    private const string Crlf = "\r\n";

    /// <summary>The body; <paramref name="batchBoundary"/> also goes into the request's Content-Type.</summary>
    public static byte[] Write(string endpoint, string table, IReadOnlyList<TableBatchOperation> operations, string batchBoundary, string changesetBoundary)
    {
        var text = new StringBuilder(256 + (operations.Count * 512));
        text.Append("--").Append(batchBoundary).Append(Crlf)
            .Append("Content-Type: multipart/mixed; boundary=").Append(changesetBoundary).Append(Crlf)
            .Append(Crlf);

        foreach (var operation in operations)
        {
            text.Append("--").Append(changesetBoundary).Append(Crlf)
                .Append("Content-Type: application/http").Append(Crlf)
                .Append("Content-Transfer-Encoding: binary").Append(Crlf)
                .Append(Crlf);
            AppendRequest(text, endpoint, table, operation);
            text.Append(Crlf);
        }

        text.Append("--").Append(changesetBoundary).Append("--").Append(Crlf)
            .Append(Crlf)
            .Append("--").Append(batchBoundary).Append("--").Append(Crlf);
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static void AppendRequest(StringBuilder text, string endpoint, string table, TableBatchOperation operation)
    {
        var (method, path, hasBody) = operation.Kind switch
        {
            TableBatchOperationKind.Insert => ("POST", table, true),
            TableBatchOperationKind.UpsertMerge or TableBatchOperationKind.UpdateMerge => ("MERGE", EntityPath(), true),
            TableBatchOperationKind.UpsertReplace or TableBatchOperationKind.UpdateReplace => ("PUT", EntityPath(), true),
            TableBatchOperationKind.Delete => ("DELETE", EntityPath(), false),
            _ => throw new ArgumentOutOfRangeException(nameof(operation), operation.Kind, "Unknown batch operation."),
        };

        text.Append(method).Append(' ').Append(endpoint).Append('/').Append(path).Append(" HTTP/1.1").Append(Crlf)
            .Append("Accept: ").Append(TableConstants.AcceptMinimalMetadata).Append(Crlf)
            .Append("DataServiceVersion: ").Append(TableConstants.DataServiceVersion).Append(';').Append(Crlf);
        if (operation.Kind == TableBatchOperationKind.Insert)
        {
            text.Append("Prefer: ").Append(TableConstants.ReturnNoContent).Append(Crlf);
        }

        if (operation.Kind is TableBatchOperationKind.UpdateMerge or TableBatchOperationKind.UpdateReplace or TableBatchOperationKind.Delete)
        {
            text.Append("If-Match: ").Append(operation.IfMatch.ToString()).Append(Crlf);
        }

        if (hasBody)
        {
            text.Append("Content-Type: ").Append(TableConstants.JsonContentType).Append(Crlf)
                .Append(Crlf)
                .Append(Encoding.UTF8.GetString(TableEntityJson.Serialize(operation.Entity)));
        }
        else
        {
            text.Append(Crlf);
        }

        string EntityPath() => TableKeys.EntityPath(table, operation.PartitionKey, operation.RowKey);
    }
}
