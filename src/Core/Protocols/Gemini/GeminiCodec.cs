using System.Globalization;
using System.Text.Json;
using LlmGateway.Http;
using LlmGateway.Translation;

namespace LlmGateway.Protocols.Gemini;

/// <summary>
/// Gemini <c>generateContent</c> ⇄ the canonical model (docs/translation.md, "Gemini"): client requests in
/// (<see cref="DecodeRequest"/>), upstream requests out (<see cref="EncodeRequest"/>), upstream answers in
/// (<see cref="DecodeResponse"/>) and client answers out (<see cref="EncodeResponse"/>). Streams go through
/// <see cref="GeminiStreamDecoder"/> and <see cref="GeminiStreamEncoder"/>; tool schemas through <see cref="GeminiSchema"/>.
/// </summary>
internal static partial class GeminiCodec
{
    /// <summary>Where the codec names itself in "not supported by ..." errors.</summary>
    internal const string Target = "a Gemini upstream";

    /// <summary>
    /// Google's documented placeholder signature for a function call Gemini did not mint (history from another
    /// provider): Gemini 3 rejects the first function call of a model turn without a signature otherwise.
    /// </summary>
    internal const string SkipSignatureValidator = "skip_thought_signature_validator";

    /// <summary>The largest thinking budget any Gemini model accepts (2.5 Pro); larger derived budgets are lowered to it.</summary>
    internal const int MaxThinkingBudget = 32768;

    /// <summary>A model id from the URL, without the <c>models/</c> prefix Google's SDKs put in front.</summary>
    internal static string ModelName(string model) =>
        model.StartsWith("models/", StringComparison.Ordinal) ? model["models/".Length..] : model;

    /// <summary>
    /// A function-call id for a call Gemini sent without one: <c>call_&lt;token&gt;_&lt;n&gt;</c>, where the token
    /// comes from the response id (or is random when there is none) so that ids never repeat across turns
    /// (Anthropic rejects a conversation whose tool_use ids repeat) and stay the same within one response.
    /// </summary>
    internal static string SyntheticCallId(string token, int n) => string.Create(CultureInfo.InvariantCulture, $"call_{token}_{n}");

    /// <summary>The id token of <see cref="SyntheticCallId"/>: the response id's letters, digits, '-' and '_'.</summary>
    internal static string CallIdToken(string? responseId)
    {
        if (string.IsNullOrEmpty(responseId))
        {
            return Guid.NewGuid().ToString("N")[..16];
        }

        foreach (var c in responseId)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_')
            {
                return string.Create(responseId.Length, responseId, static (span, id) =>
                {
                    for (var i = 0; i < id.Length; i++)
                    {
                        span[i] = char.IsAsciiLetterOrDigit(id[i]) || id[i] is '-' or '_' ? id[i] : '_';
                    }
                });
            }
        }

        return responseId;
    }

    /// <summary>A new response id for an answer that came without one.</summary>
    internal static string NewResponseId() => Guid.NewGuid().ToString("N")[..22];

    /// <summary>
    /// Reads a <c>finishReason</c> value (the reader is on its property name). STOP → end turn (the caller turns it
    /// into tool use when function calls came), MAX_TOKENS → max tokens, the safety family → refusal,
    /// MALFORMED_FUNCTION_CALL → <see cref="GeminiFinish.MalformedFunctionCall"/> (a 502), anything else → end turn.
    /// </summary>
    internal static GeminiFinish ReadFinishReason(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return GeminiFinish.None;
        }

        if (reader.ValueTextEquals("STOP"u8))
        {
            return GeminiFinish.Stop;
        }

        if (reader.ValueTextEquals("MAX_TOKENS"u8))
        {
            return GeminiFinish.MaxTokens;
        }

        if (reader.ValueTextEquals("SAFETY"u8) || reader.ValueTextEquals("RECITATION"u8) || reader.ValueTextEquals("BLOCKLIST"u8)
            || reader.ValueTextEquals("PROHIBITED_CONTENT"u8) || reader.ValueTextEquals("SPII"u8) || reader.ValueTextEquals("IMAGE_SAFETY"u8)
            || reader.ValueTextEquals("IMAGE_PROHIBITED_CONTENT"u8) || reader.ValueTextEquals("IMAGE_RECITATION"u8))
        {
            return GeminiFinish.Refusal;
        }

        if (reader.ValueTextEquals("MALFORMED_FUNCTION_CALL"u8))
        {
            return GeminiFinish.MalformedFunctionCall;
        }

        return reader.ValueTextEquals("FINISH_REASON_UNSPECIFIED"u8) ? GeminiFinish.None : GeminiFinish.Other;
    }

    internal static StopReason StopReasonFor(GeminiFinish finish, bool sawFunctionCall) => finish switch
    {
        GeminiFinish.MaxTokens => StopReason.MaxTokens,
        GeminiFinish.Refusal => StopReason.Refusal,
        _ => sawFunctionCall ? StopReason.ToolUse : StopReason.EndTurn,
    };

    /// <summary>Gemini's finish reason for a canonical one (function calls end with STOP on Gemini too).</summary>
    internal static ReadOnlySpan<byte> FinishReasonName(StopReason reason) => reason switch
    {
        StopReason.MaxTokens => "MAX_TOKENS"u8,
        StopReason.Refusal => "SAFETY"u8,
        _ => "STOP"u8,
    };

    internal static GatewayError MalformedFunctionCall() =>
        new(502, "upstream_malformed_function_call", "The Gemini upstream ended the response with MALFORMED_FUNCTION_CALL: the model produced a function call it could not complete.");

    private static GatewayErrorException BadRequest(string message, string? param) => new(GatewayError.BadRequest(message, param));

    private static GatewayErrorException Unsupported(string param, string reason) => new(GatewayError.Unsupported(param, Target, reason));

    private static string Path(string name, int index) => string.Create(CultureInfo.InvariantCulture, $"{name}[{index}]");

    private static string Path(string name, int index, string member, int item) =>
        string.Create(CultureInfo.InvariantCulture, $"{name}[{index}].{member}[{item}]");

    /// <summary>A property named in Gemini's camelCase or in the snake_case Google's REST samples also use.</summary>
    private static bool Is(JsonProperty property, ReadOnlySpan<byte> camel, ReadOnlySpan<byte> snake) =>
        property.NameEquals(camel) || property.NameEquals(snake);

    private static bool TryGet(JsonElement element, ReadOnlySpan<byte> camel, ReadOnlySpan<byte> snake, out JsonElement value) =>
        element.TryGetProperty(camel, out value) || (!snake.SequenceEqual(camel) && element.TryGetProperty(snake, out value));

    private static string? OptionalString(JsonElement element, ReadOnlySpan<byte> camel, ReadOnlySpan<byte> snake) =>
        TryGet(element, camel, snake, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
