using System.Buffers;
using System.Globalization;
using System.Net.ServerSentEvents;
using System.Text.Json;
using LlmGateway.Http;
using LlmGateway.Json;
using LlmGateway.Protocols.OpenAI;

namespace LlmGateway.Protocols.Responses;

/// <summary>
/// Failures on a Responses stream: <c>response.failed</c>, whose <c>response.error.code</c> is one Codex acts on —
/// <c>context_length_exceeded</c> (it compacts), <c>insufficient_quota</c> (it stops), <c>rate_limit_exceeded</c>
/// (it retries after the delay it reads from "try again in N s" in the message) — or <c>server_error</c> for
/// everything else (it retries). Errors before a stream starts use OpenAI's error body (<see cref="OpenAIErrors"/>).
/// </summary>
internal static class ResponsesErrors
{
    public const string ContextLengthExceeded = "context_length_exceeded";
    public const string InsufficientQuota = "insufficient_quota";
    public const string RateLimitExceeded = "rate_limit_exceeded";
    public const string ServerError = "server_error";

    public static string CodeFor(GatewayError error) =>
        error.Code == GatewayError.ContextLengthExceeded ? ContextLengthExceeded
        : error.Status == 402 || error.Code is InsufficientQuota or "billing_error" ? InsufficientQuota
        : error.Status == 429 || error.Code is RateLimitExceeded or "rate_limit_error" or "all_credentials_cooling_down" ? RateLimitExceeded
        : ServerError;

    /// <summary>
    /// The message for <c>response.error</c>: OpenAI's wording of a context-window error; a rate limit ends with
    /// "Please try again in N s." (N from the upstream's retry delay, else 1) unless it already says when.
    /// </summary>
    public static string MessageFor(GatewayError error, string code)
    {
        var message = OpenAIErrors.MessageFor(error);
        if (code != RateLimitExceeded || message.Contains("try again in", StringComparison.OrdinalIgnoreCase))
        {
            return message;
        }

        var seconds = Math.Max(1, error.RetryAfterSeconds ?? 1);
        return string.Create(CultureInfo.InvariantCulture, $"{message.TrimEnd()} Please try again in {seconds} s.");
    }

    /// <summary>
    /// A <c>response.failed</c> event: the response with <c>status: failed</c>, its <c>error{code, message}</c>, the
    /// items completed before the failure (raw JSON) and no usage.
    /// </summary>
    public static SseItem<ReadOnlyMemory<byte>> FailedEvent(
        int sequenceNumber, string responseId, long createdAt, string model, GatewayError error, IReadOnlyList<byte[]>? items = null)
    {
        var code = CodeFor(error);
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, JsonDefaults.Writer))
        {
            writer.WriteStartObject();
            writer.WriteString("type"u8, "response.failed"u8);
            writer.WriteNumber("sequence_number"u8, sequenceNumber);
            writer.WriteStartObject("response"u8);
            writer.WriteString("id"u8, responseId);
            writer.WriteString("object"u8, "response"u8);
            writer.WriteNumber("created_at"u8, createdAt);
            writer.WriteString("status"u8, "failed"u8);
            writer.WriteStartObject("error"u8);
            writer.WriteString("code"u8, code);
            writer.WriteString("message"u8, MessageFor(error, code));
            writer.WriteEndObject();
            writer.WriteNull("incomplete_details"u8);
            writer.WriteString("model"u8, model);
            writer.WriteStartArray("output"u8);
            foreach (var item in items ?? [])
            {
                writer.WriteRawValue(item, skipInputValidation: true);
            }

            writer.WriteEndArray();
            writer.WriteNull("usage"u8);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return new SseItem<ReadOnlyMemory<byte>>(buffer.WrittenSpan.ToArray(), "response.failed");
    }
}
