using System.Text.Json;

namespace LlmGateway.Tests.Infrastructure;

/// <summary>
/// Upstream bodies and stream events as Anthropic's Messages API sends them (shapes copied from real responses,
/// including fields the gateway does not know). Events are the JSON <c>data</c>; <see cref="FakeUpstream.AnthropicSse"/>
/// writes each with its <c>event:</c> line.
/// </summary>
public static class CannedAnthropic
{
    public const string UpstreamModel = "claude-sonnet-4-5-20250929";

    /// <summary>A non-stream answer with one text block and cache usage (input 12, cache read 30, cache write 5, output 7).</summary>
    public static string Message(string text) =>
        """{"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant","model":"MODEL","content":[{"type":"text","text":TEXT}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":12,"cache_creation_input_tokens":5,"cache_read_input_tokens":30,"cache_creation":{"ephemeral_5m_input_tokens":5,"ephemeral_1h_input_tokens":0},"output_tokens":7,"service_tier":"standard"}}"""
            .Replace("MODEL", UpstreamModel, StringComparison.Ordinal)
            .Replace("TEXT", Quote(text), StringComparison.Ordinal);

    public static string MessageStart(int inputTokens = 12, int cacheRead = 30, int cacheCreation = 5) =>
        """{"type":"message_start","message":{"id":"msg_01Stream","type":"message","role":"assistant","model":"MODEL","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":IN,"cache_creation_input_tokens":CW,"cache_read_input_tokens":CR,"cache_creation":{"ephemeral_5m_input_tokens":CW,"ephemeral_1h_input_tokens":0},"output_tokens":1,"service_tier":"standard"}}}"""
            .Replace("MODEL", UpstreamModel, StringComparison.Ordinal)
            .Replace("IN", inputTokens.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("CW", cacheCreation.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("CR", cacheRead.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    public const string Ping = """{"type": "ping"}""";

    public static string TextStart(int index) => $$$"""{"type":"content_block_start","index":{{{index}}},"content_block":{"type":"text","text":""}}""";

    public static string TextDelta(int index, string text) =>
        $$$"""{"type":"content_block_delta","index":{{{index}}},"delta":{"type":"text_delta","text":{{{Quote(text)}}}}}""";

    public static string ThinkingStart(int index) =>
        $$$"""{"type":"content_block_start","index":{{{index}}},"content_block":{"type":"thinking","thinking":"","signature":""}}""";

    public static string ThinkingDelta(int index, string thinking) =>
        $$$"""{"type":"content_block_delta","index":{{{index}}},"delta":{"type":"thinking_delta","thinking":{{{Quote(thinking)}}}}}""";

    public static string SignatureDelta(int index, string signature) =>
        $$$"""{"type":"content_block_delta","index":{{{index}}},"delta":{"type":"signature_delta","signature":{{{Quote(signature)}}}}}""";

    public static string ToolUseStart(int index, string id, string name) =>
        $$$"""{"type":"content_block_start","index":{{{index}}},"content_block":{"type":"tool_use","id":{{{Quote(id)}}},"name":{{{Quote(name)}}},"input":""" + """{}}}""";

    public static string InputJsonDelta(int index, string partialJson) =>
        $$$"""{"type":"content_block_delta","index":{{{index}}},"delta":{"type":"input_json_delta","partial_json":{{{Quote(partialJson)}}}}}""";

    public static string BlockStop(int index) => $$$"""{"type":"content_block_stop","index":{{{index}}}}""";

    public static string MessageDelta(string stopReason, int outputTokens = 7) =>
        $$$"""{"type":"message_delta","delta":{"stop_reason":"{{{stopReason}}}","stop_sequence":null},"usage":{"output_tokens":{{{outputTokens}}}}}""";

    public const string MessageStop = """{"type":"message_stop"}""";

    /// <summary>A complete text stream: message_start, ping, one text block "Hello" in two deltas, end_turn, message_stop.</summary>
    public static string[] TextStream() =>
    [
        MessageStart(),
        Ping,
        TextStart(0),
        TextDelta(0, "Hel"),
        TextDelta(0, "lo"),
        BlockStop(0),
        MessageDelta("end_turn"),
        MessageStop,
    ];

    /// <summary>An error body, also the data of an in-band <c>error</c> event.</summary>
    public static string Error(string type, string message) =>
        $$$"""{"type":"error","error":{"type":"{{{type}}}","message":{{{Quote(message)}}}},"request_id":"req_011CTestRequest"}""";

    private static string Quote(string value) => JsonSerializer.Serialize(value);
}
