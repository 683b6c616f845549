using System.Text.Json;
using Azure;

namespace LlmGateway.Storage.Tables;

/// <summary>Turns the service's error answers (<c>{"odata.error":{"code":…,"message":{"value":…}}}</c>) into exceptions.</summary>
internal static class TableErrors
{
    /// <summary>Service error codes.</summary>
    public const string TableAlreadyExists = "TableAlreadyExists";

    public const string ResourceNotFound = "ResourceNotFound";

    public const string TableNotFound = "TableNotFound";

    public static TableRequestFailedException FromResponse(Response response, string operation, string table)
    {
        var (code, message) = Read(response.Content.ToMemory().Span);
        if (code is null && response.Headers.TryGetValue(TableConstants.ErrorCodeHeader, out var headerCode))
        {
            code = headerCode;
        }

        return Create(response.Status, code, message, operation, table, failedOperationIndex: null);
    }

    public static TableRequestFailedException Create(int status, string? code, string? serviceMessage, string operation, string table, int? failedOperationIndex)
    {
        var text = $"Table {operation} on '{table}' failed: {status} {code ?? "(no error code)"}";
        if (failedOperationIndex is int index)
        {
            text += $" at operation {index}";
        }

        // Authentication failures can echo what the service signed; keep their text out entirely.
        if (status is not (401 or 403) && FirstLine(serviceMessage) is { Length: > 0 } line)
        {
            text += ": " + line;
        }

        return new TableRequestFailedException(status, code, text, failedOperationIndex);
    }

    /// <summary>The error code and message of an OData error body; nulls when the body is something else.</summary>
    public static (string? Code, string? Message) Read(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return (null, null);
        }

        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("odata.error", out var error)
                || error.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }

            var code = error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
            string? message = null;
            if (error.TryGetProperty("message", out var m))
            {
                message = m.ValueKind switch
                {
                    JsonValueKind.String => m.GetString(),
                    JsonValueKind.Object when m.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.String => v.GetString(),
                    _ => null,
                };
            }

            return (code, message);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static string? FirstLine(string? message)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            return null;
        }

        var end = message.AsSpan().IndexOfAny('\r', '\n');
        var line = (end < 0 ? message : message[..end]).Trim();
        return line.Length > 300 ? line[..300] : line;
    }
}
