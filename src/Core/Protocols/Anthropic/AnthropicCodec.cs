using LlmGateway.Http;
using LlmGateway.Translation;

namespace LlmGateway.Protocols.Anthropic;

/// <summary>
/// Anthropic Messages ⇄ the canonical model (docs/translation.md): client requests in
/// (<see cref="DecodeRequest"/>), upstream requests out (<see cref="EncodeRequest"/>), upstream answers in
/// (<see cref="DecodeResponse"/>) and client answers out (<see cref="EncodeResponse"/>). Streams go through
/// <see cref="AnthropicStreamDecoder"/> and <see cref="AnthropicStreamEncoder"/>.
/// </summary>
internal static partial class AnthropicCodec
{
    private const string Target = "an Anthropic upstream";

    /// <summary>Anthropic message ids start with <c>msg_</c>; other providers' ids get the prefix.</summary>
    public static string MessageId(string id) => id.StartsWith("msg_", StringComparison.Ordinal) ? id : "msg_" + id;

    public static StopReason? ParseStopReason(string? value) => value switch
    {
        null => null,
        "end_turn" => StopReason.EndTurn,
        "max_tokens" => StopReason.MaxTokens,
        "model_context_window_exceeded" => StopReason.MaxTokens,
        "tool_use" => StopReason.ToolUse,
        "stop_sequence" => StopReason.StopSequence,
        "refusal" => StopReason.Refusal,
        "pause_turn" => StopReason.PauseTurn,
        _ => StopReason.EndTurn,
    };

    public static string StopReasonName(StopReason reason) => reason switch
    {
        StopReason.MaxTokens => "max_tokens",
        StopReason.ToolUse => "tool_use",
        StopReason.StopSequence => "stop_sequence",
        StopReason.Refusal => "refusal",
        StopReason.PauseTurn => "pause_turn",
        _ => "end_turn",
    };

    private static GatewayErrorException BadRequest(string message, string? param) => new(GatewayError.BadRequest(message, param));

    private static GatewayErrorException Unsupported(string param, string reason) => new(GatewayError.Unsupported(param, Target, reason));
}
