using System.Globalization;
using System.Text.Json;
using LlmGateway.Http;
using LlmGateway.Json;
using Microsoft.AspNetCore.Http;

namespace LlmGateway.Protocols.OpenAI;

/// <summary>OpenAI's error body: <c>{"error":{"message","type","param","code"}}</c>.</summary>
internal static class OpenAIErrors
{
    public static string TypeFor(int status) => status switch
    {
        403 => "permission_error",
        429 => "rate_limit_error",
        >= 500 => "server_error",
        _ => "invalid_request_error",
    };

    public static async Task WriteAsync(HttpContext context, GatewayError error)
    {
        var response = context.Response;
        ResponseHead.Set(response, error.Status, "application/json", retryAfterSeconds: error.RetryAfterSeconds);

        await response.Body.WriteAsync(Serialize(error), context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>OpenAI's own words for a context-window error (clients match on them); otherwise the message as is.</summary>
    public static string MessageFor(GatewayError error) =>
        error.Code == GatewayError.ContextLengthExceeded && error.PromptTokens is { } prompt && error.ContextLimit is { } limit
            ? $"This model's maximum context length is {limit} tokens. However, your messages resulted in {prompt} tokens. Please reduce the length of the messages."
            : error.Message;

    /// <summary>The error as a JSON object, also used as an in-band frame on a stream.</summary>
    public static byte[] Serialize(GatewayError error)
    {
        using var stream = new MemoryStream(256);
        using (var writer = new Utf8JsonWriter(stream, JsonDefaults.Writer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("error");
            writer.WriteString("message", MessageFor(error));
            writer.WriteString("type", TypeFor(error.Status));
            if (error.Param is null)
            {
                writer.WriteNull("param");
            }
            else
            {
                writer.WriteString("param", error.Param);
            }

            writer.WriteString("code", error.Code);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }
}
