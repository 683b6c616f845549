using System.Buffers;
using System.Globalization;
using System.Text.Json;
using LlmGateway.Http;
using LlmGateway.Json;
using Microsoft.AspNetCore.Http;

namespace LlmGateway.Protocols.Gemini;

/// <summary>
/// Google's error body: <c>{"error":{"code","message","status","details":[...]}}</c> (also the data of an in-band
/// error on a stream). A retry delay travels as a <c>google.rpc.RetryInfo</c> detail; context-window errors keep
/// Gemini's own wording ("The input token count (N) exceeds the maximum number of tokens allowed (M).").
/// </summary>
internal static class GeminiErrors
{
    private const string RetryInfoType = "type.googleapis.com/google.rpc.RetryInfo";
    private const string TooLongStart = "The input token count";
    private const string TooLongMiddle = "exceeds the maximum number of tokens allowed";

    /// <summary>The <c>google.rpc.Code</c> name Google pairs with an HTTP status.</summary>
    public static string StatusFor(int httpStatus) => httpStatus switch
    {
        400 or 413 or 422 => "INVALID_ARGUMENT",
        401 => "UNAUTHENTICATED",
        403 => "PERMISSION_DENIED",
        404 => "NOT_FOUND",
        409 => "ABORTED",
        429 => "RESOURCE_EXHAUSTED",
        499 => "CANCELLED",
        501 => "UNIMPLEMENTED",
        502 or 503 or 529 => "UNAVAILABLE",
        504 => "DEADLINE_EXCEEDED",
        >= 500 => "INTERNAL",
        _ => "FAILED_PRECONDITION",
    };

    /// <summary>The HTTP status of a <c>google.rpc.Code</c> name; null for an unknown one.</summary>
    public static int? HttpStatusFor(string? status) => status switch
    {
        "INVALID_ARGUMENT" or "FAILED_PRECONDITION" or "OUT_OF_RANGE" => 400,
        "UNAUTHENTICATED" => 401,
        "PERMISSION_DENIED" => 403,
        "NOT_FOUND" => 404,
        "ALREADY_EXISTS" or "ABORTED" => 409,
        "RESOURCE_EXHAUSTED" => 429,
        "CANCELLED" => 499,
        "UNKNOWN" or "INTERNAL" or "DATA_LOSS" => 500,
        "UNIMPLEMENTED" or "NOT_IMPLEMENTED" => 501,
        "UNAVAILABLE" => 503,
        "DEADLINE_EXCEEDED" => 504,
        _ => null,
    };

    /// <summary>The message a client sees: context-window errors in Gemini's words, others as they are.</summary>
    public static string MessageFor(GatewayError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (error.Code != GatewayError.ContextLengthExceeded || error.Message.StartsWith(TooLongStart, StringComparison.Ordinal))
        {
            return error.Message;
        }

        return (error.PromptTokens, error.ContextLimit) switch
        {
            ({ } prompt, { } limit) => string.Create(CultureInfo.InvariantCulture, $"{TooLongStart} ({prompt}) {TooLongMiddle} ({limit})."),
            ({ } prompt, null) => string.Create(CultureInfo.InvariantCulture, $"{TooLongStart} ({prompt}) {TooLongMiddle}."),
            _ => $"{TooLongStart} {TooLongMiddle}: {error.Message}",
        };
    }

    public static async Task WriteAsync(HttpContext context, GatewayError error)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(error);
        var response = context.Response;
        ResponseHead.Set(response, error.Status, "application/json", retryAfterSeconds: error.RetryAfterSeconds);

        await response.Body.WriteAsync(Serialize(error), context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The error body, also the data of an error frame on a stream.</summary>
    public static byte[] Serialize(GatewayError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, JsonDefaults.Writer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("error"u8);
            writer.WriteNumber("code"u8, error.Status);
            writer.WriteString("message"u8, MessageFor(error));
            writer.WriteString("status"u8, StatusFor(error.Status));
            if (error.RetryAfterSeconds is { } seconds)
            {
                writer.WriteStartArray("details"u8);
                writer.WriteStartObject();
                writer.WriteString("@type"u8, RetryInfoType);
                writer.WriteString("retryDelay"u8, string.Create(CultureInfo.InvariantCulture, $"{seconds}s"));
                writer.WriteEndObject();
                writer.WriteEndArray();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// An upstream Gemini error body (an object, or the one-element array Google sends without <c>alt=sse</c>) as the
    /// gateway's own error, with <paramref name="status"/> as its status.
    /// </summary>
    public static GatewayError FromGemini(int status, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            var reader = new Utf8JsonReader(body);
            if (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
            {
                reader.Read();
            }

            if (reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isError = reader.ValueTextEquals("error"u8);
                    reader.Read();
                    if (isError)
                    {
                        return Read(ref reader, status) with { Status = status };
                    }

                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            // Not Google's shape (a proxy's HTML page, say): the status alone.
        }

        return new GatewayError(status, StatusFor(status), string.Create(CultureInfo.InvariantCulture, $"The Gemini upstream answered {status}."));
    }

    /// <summary>
    /// Reads an <c>error</c> object (the reader is on its start): the code is the <c>status</c> name, the HTTP status
    /// the numeric <c>code</c> (else the name's, else <paramref name="fallbackStatus"/>); a <c>RetryInfo</c> detail
    /// gives <see cref="GatewayError.RetryAfterSeconds"/>; Gemini's context-window message gives
    /// <see cref="GatewayError.ContextLengthExceeded"/> with its counts.
    /// </summary>
    internal static GatewayError Read(ref Utf8JsonReader reader, int fallbackStatus)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return new GatewayError(fallbackStatus, StatusFor(fallbackStatus), "The Gemini upstream reported an error.");
        }

        string? message = null, name = null;
        int? code = null, retryAfter = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("message"u8))
            {
                message = GeminiChunk.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("status"u8))
            {
                name = GeminiChunk.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("code"u8))
            {
                reader.Read();
                code = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var number) && number is >= 400 and <= 599 ? number : null;
            }
            else if (reader.ValueTextEquals("details"u8))
            {
                reader.Read();
                retryAfter = ReadRetryDelay(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        var status = code ?? HttpStatusFor(name) ?? fallbackStatus;
        message ??= "The Gemini upstream reported an error.";
        if (message.StartsWith(TooLongStart, StringComparison.Ordinal) && message.Contains(TooLongMiddle, StringComparison.Ordinal))
        {
            var (prompt, limit) = ParseTooLong(message);
            return new GatewayError(status, GatewayError.ContextLengthExceeded, message) { PromptTokens = prompt, ContextLimit = limit, RetryAfterSeconds = retryAfter };
        }

        return new GatewayError(status, name ?? StatusFor(status), message) { RetryAfterSeconds = retryAfter };
    }

    /// <summary>The <c>retryDelay</c> of a <c>RetryInfo</c> in a <c>details</c> array, in whole seconds (rounded up).</summary>
    private static int? ReadRetryDelay(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return null;
        }

        int? seconds = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            string? type = null, delay = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("@type"u8))
                {
                    type = GeminiChunk.ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("retryDelay"u8))
                {
                    delay = GeminiChunk.ReadString(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (type == RetryInfoType && delay is [.. var digits, 's']
                && double.TryParse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                seconds = (int)Math.Ceiling(value);
            }
        }

        return seconds;
    }

    // "The input token count (1200293) exceeds the maximum number of tokens allowed (1048576)."
    private static (long? Prompt, long? Limit) ParseTooLong(string message)
    {
        var first = NumberInParentheses(message, 0, out var next);
        var second = first is null ? null : NumberInParentheses(message, next, out _);
        return (first, second);
    }

    private static long? NumberInParentheses(string text, int from, out int next)
    {
        next = text.Length;
        var open = text.IndexOf('(', from);
        var close = open < 0 ? -1 : text.IndexOf(')', open);
        if (close < 0)
        {
            return null;
        }

        next = close + 1;
        return long.TryParse(text.AsSpan(open + 1, close - open - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
    }
}
