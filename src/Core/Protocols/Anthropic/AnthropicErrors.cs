using System.Buffers;
using System.Globalization;
using System.Text.Json;
using LlmGateway.Http;
using LlmGateway.Json;
using Microsoft.AspNetCore.Http;

namespace LlmGateway.Protocols.Anthropic;

/// <summary>
/// Anthropic's error body: <c>{"type":"error","error":{"type","message"}}</c>, also the data of an in-band
/// <c>error</c> event on a stream. Context-window errors keep Anthropic's own wording, on which Claude Code compacts.
/// </summary>
internal static class AnthropicErrors
{
    public static string TypeFor(int status) => status switch
    {
        400 => "invalid_request_error",
        401 => "authentication_error",
        402 => "billing_error",
        403 => "permission_error",
        404 => "not_found_error",
        413 => "request_too_large",
        429 => "rate_limit_error",
        504 => "timeout_error",
        529 => "overloaded_error",
        >= 500 => "api_error",
        _ => "invalid_request_error",
    };

    /// <summary>The HTTP status Anthropic uses for an error type (unknown types count as <c>api_error</c>, 500).</summary>
    public static int StatusFor(ReadOnlySpan<char> type) => type switch
    {
        "invalid_request_error" => 400,
        "authentication_error" => 401,
        "billing_error" => 402,
        "permission_error" => 403,
        "not_found_error" => 404,
        "request_too_large" => 413,
        "rate_limit_error" => 429,
        "timeout_error" => 504,
        "overloaded_error" => 529,
        _ => 500,
    };

    /// <summary>The message a client sees: context-window errors in Anthropic's words, others as they are.</summary>
    public static string MessageFor(GatewayError error)
    {
        if (error.Code != GatewayError.ContextLengthExceeded)
        {
            return error.Message;
        }

        if (error.PromptTokens is { } prompt && error.ContextLimit is { } limit)
        {
            return string.Create(CultureInfo.InvariantCulture, $"prompt is too long: {prompt} tokens > {limit} maximum");
        }

        return error.Message.StartsWith("prompt is too long", StringComparison.Ordinal)
            ? error.Message
            : "prompt is too long: " + error.Message;
    }

    public static async Task WriteAsync(HttpContext context, GatewayError error)
    {
        var response = context.Response;
        ResponseHead.Set(response, error.Status, "application/json", retryAfterSeconds: error.RetryAfterSeconds);

        await response.Body.WriteAsync(Serialize(error), context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The error as a JSON object, also the data of an <c>error</c> event on a stream.</summary>
    public static byte[] Serialize(GatewayError error)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, JsonDefaults.Writer))
        {
            Write(writer, error);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static void Write(Utf8JsonWriter writer, GatewayError error)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, "error"u8);
        writer.WriteStartObject("error"u8);
        writer.WriteString("type"u8, TypeFor(error.Status));
        writer.WriteString("message"u8, MessageFor(error));
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>
    /// An Anthropic error (from a body or an <c>error</c> event) as the gateway's own: the code is the error type,
    /// except context-window errors (<c>prompt is too long: N tokens &gt; M maximum</c>, <c>... exceed context
    /// limit: X + Y &gt; Z</c>), which become <see cref="GatewayError.ContextLengthExceeded"/> with the counts.
    /// </summary>
    public static GatewayError FromAnthropic(int status, string type, string message)
    {
        if (message.StartsWith("prompt is too long", StringComparison.Ordinal))
        {
            var (prompt, limit) = ParseTooLong(message);
            return new GatewayError(status, GatewayError.ContextLengthExceeded, message) { PromptTokens = prompt, ContextLimit = limit };
        }

        if (message.Contains("exceed context limit", StringComparison.Ordinal))
        {
            return new GatewayError(status, GatewayError.ContextLengthExceeded, message);
        }

        return new GatewayError(status, type, message);
    }

    // "prompt is too long: 210000 tokens > 200000 maximum"
    private static (long? Prompt, long? Limit) ParseTooLong(string message)
    {
        var rest = message.AsSpan("prompt is too long".Length).TrimStart(':').TrimStart();
        var space = rest.IndexOf(' ');
        if (space <= 0 || !long.TryParse(rest[..space], NumberStyles.None, CultureInfo.InvariantCulture, out var prompt))
        {
            return (null, null);
        }

        var greater = rest.IndexOf('>');
        if (greater < 0)
        {
            return (prompt, null);
        }

        var after = rest[(greater + 1)..].TrimStart();
        var end = after.IndexOf(' ');
        var digits = end < 0 ? after : after[..end];
        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) ? (prompt, limit) : (prompt, null);
    }
}
