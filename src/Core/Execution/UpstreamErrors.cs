using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using LlmGateway.Http;

namespace LlmGateway.Execution;

/// <summary>
/// Reads an upstream's error body into a protocol-neutral <see cref="GatewayError"/> for a client of another
/// format: the upstream's status, type/code and message are kept; context-window errors are recognised from
/// either provider and carry the token counts when the upstream gave them.
/// </summary>
internal static partial class UpstreamErrors
{
    public static GatewayError FromOpenAI(UpstreamFailure failure, string provider)
    {
        string? message = null, code = null;
        if (TryParse(failure.Body, out var root) && root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            message = String(error, "message");
            code = String(error, "code") ?? String(error, "type");
        }

        message ??= failure.ToGatewayError(provider).Message;
        var context = OpenAIContext().Match(message);
        if (code == GatewayError.ContextLengthExceeded || context.Success)
        {
            return Context(failure, message, context.Success ? Number(context.Groups["prompt"]) : null, context.Success ? Number(context.Groups["limit"]) : null);
        }

        return new GatewayError(failure.Status, code ?? "upstream_error", message) { RetryAfterSeconds = failure.RetryAfterSeconds };
    }

    public static GatewayError FromAnthropic(UpstreamFailure failure, string provider)
    {
        string? message = null, type = null;
        if (TryParse(failure.Body, out var root) && root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            message = String(error, "message");
            type = String(error, "type");
        }

        message ??= failure.ToGatewayError(provider).Message;
        var tooLong = AnthropicPromptTooLong().Match(message);
        if (tooLong.Success)
        {
            return Context(failure, message, Number(tooLong.Groups["prompt"]), Number(tooLong.Groups["limit"]));
        }

        var exceed = AnthropicExceedsLimit().Match(message);
        if (exceed.Success)
        {
            return Context(failure, message, Number(exceed.Groups["prompt"]), Number(exceed.Groups["limit"]));
        }

        return new GatewayError(failure.Status, type ?? "upstream_error", message) { RetryAfterSeconds = failure.RetryAfterSeconds };
    }

    private static GatewayError Context(UpstreamFailure failure, string message, long? prompt, long? limit) =>
        new(failure.Status is >= 400 and < 500 ? failure.Status : 400, GatewayError.ContextLengthExceeded, message, "messages")
        {
            PromptTokens = prompt,
            ContextLimit = limit,
        };

    private static bool TryParse(byte[] body, out JsonElement root)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            root = document.RootElement.Clone();
            return root.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            root = default;
            return false;
        }
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? Number(Group group) =>
        group.Success && long.TryParse(group.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    // "This model's maximum context length is 128000 tokens. However, your messages resulted in 130512 tokens."
    [GeneratedRegex(@"maximum context length is (?<limit>\d+) tokens.*?(?:resulted in|requested) (?<prompt>\d+) tokens", RegexOptions.Singleline)]
    private static partial Regex OpenAIContext();

    // "prompt is too long: 208431 tokens > 200000 maximum"
    [GeneratedRegex(@"prompt is too long: (?<prompt>\d+) tokens > (?<limit>\d+) maximum")]
    private static partial Regex AnthropicPromptTooLong();

    // "input length and `max_tokens` exceed context limit: 195000 + 8192 > 200000"
    [GeneratedRegex(@"exceed context limit: (?<prompt>\d+) \+ \d+ > (?<limit>\d+)")]
    private static partial Regex AnthropicExceedsLimit();
}
