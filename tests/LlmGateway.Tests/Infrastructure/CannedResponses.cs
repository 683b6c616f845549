using System.Text.Json;
using System.Text.Json.Nodes;

namespace LlmGateway.Tests.Infrastructure;

/// <summary>
/// Upstream bodies and stream events as OpenAI's Responses API sends them (shapes copied from real responses, including
/// fields the gateway does not know). Events are the JSON <c>data</c>; <see cref="FakeUpstream.ResponsesSse"/> writes
/// each with its <c>event:</c> line.
/// </summary>
public static class CannedResponses
{
    public const string UpstreamModel = "gpt-5-2025-08-07";

    /// <summary>A completed response with one message (usage: input 120 of which 64 cached, output 30 of which 12 reasoning).</summary>
    public static string Response(string text, string id = "resp_68up01") => Obj(new JsonObject
    {
        ["id"] = id,
        ["object"] = "response",
        ["created_at"] = 1760001000,
        ["status"] = "completed",
        ["background"] = false,
        ["error"] = null,
        ["incomplete_details"] = null,
        ["instructions"] = null,
        ["model"] = UpstreamModel,
        ["output"] = new JsonArray(
            Parse("""{"id":"rs_68up01","type":"reasoning","summary":[],"encrypted_content":"gAAAAABoUpstream=="}"""),
            Message("msg_68up01", text)),
        ["parallel_tool_calls"] = true,
        ["store"] = false,
        ["tool_choice"] = "auto",
        ["tools"] = new JsonArray(),
        ["usage"] = Usage(120, 64, 30, 12),
        ["metadata"] = new JsonObject(),
        ["x_vendor_field"] = new JsonObject { ["kept"] = true },
    });

    /// <summary>A complete stream: created, in_progress, one message in two deltas, completed.</summary>
    public static string[] TextStream(string id = "resp_68up02") =>
    [
        Event("response.created", 0, ("response", Head(id, "in_progress", new JsonArray(), null))),
        Event("response.in_progress", 1, ("response", Head(id, "in_progress", new JsonArray(), null))),
        Event("response.output_item.added", 2, ("output_index", 0), ("item", Parse("""{"id":"msg_a","type":"message","status":"in_progress","content":[],"role":"assistant"}"""))),
        Event("response.content_part.added", 3, ("item_id", "msg_a"), ("output_index", 0), ("content_index", 0), ("part", Parse("""{"type":"output_text","annotations":[],"logprobs":[],"text":""}"""))),
        Event("response.output_text.delta", 4, ("item_id", "msg_a"), ("output_index", 0), ("content_index", 0), ("delta", "Hel"), ("logprobs", new JsonArray()), ("obfuscation", "x1")),
        Event("response.output_text.delta", 5, ("item_id", "msg_a"), ("output_index", 0), ("content_index", 0), ("delta", "lo"), ("logprobs", new JsonArray()), ("obfuscation", "x2")),
        Event("response.output_text.done", 6, ("item_id", "msg_a"), ("output_index", 0), ("content_index", 0), ("text", "Hello"), ("logprobs", new JsonArray())),
        Event("response.content_part.done", 7, ("item_id", "msg_a"), ("output_index", 0), ("content_index", 0), ("part", Parse("""{"type":"output_text","annotations":[],"logprobs":[],"text":"Hello"}"""))),
        Event("response.output_item.done", 8, ("output_index", 0), ("item", Message("msg_a", "Hello"))),
        Event("response.completed", 9, ("response", Head(id, "completed", new JsonArray(Message("msg_a", "Hello")), Usage(20, 0, 2, 0)))),
    ];

    /// <summary>The first events of <see cref="TextStream"/>, up to the first delta: a stream the upstream breaks off.</summary>
    public static string[] BrokenStream(string id = "resp_68up03") => TextStream(id)[..5];

    public static string Error(string message, string type, string code) =>
        "{\"error\":{\"message\":" + JsonSerializer.Serialize(message) + ",\"type\":\"" + type + "\",\"param\":null,\"code\":\"" + code + "\"}}";

    /// <summary>What <c>/responses/compact</c> answers.</summary>
    public static string Compacted() =>
        """{"id":"resp_cmp1","object":"response.compaction","created_at":1760001100,"output":[{"id":"msg_u1","type":"message","status":"completed","content":[{"type":"input_text","text":"Build it."}],"role":"user"},{"id":"cmp_1","type":"compaction","encrypted_content":"gAAAAABoCompacted=="}],"usage":{"input_tokens":139,"input_tokens_details":{"cached_tokens":0},"output_tokens":438,"output_tokens_details":{"reasoning_tokens":64},"total_tokens":577}}""";

    private static JsonObject Message(string id, string text) => new()
    {
        ["id"] = id,
        ["type"] = "message",
        ["status"] = "completed",
        ["content"] = new JsonArray(new JsonObject { ["type"] = "output_text", ["annotations"] = new JsonArray(), ["logprobs"] = new JsonArray(), ["text"] = text }),
        ["role"] = "assistant",
    };

    private static JsonObject Head(string id, string status, JsonArray output, JsonObject? usage) => new()
    {
        ["id"] = id,
        ["object"] = "response",
        ["created_at"] = 1760001000,
        ["status"] = status,
        ["error"] = null,
        ["incomplete_details"] = null,
        ["model"] = UpstreamModel,
        ["output"] = output,
        ["usage"] = usage,
    };

    private static JsonObject Usage(int input, int cached, int output, int reasoning) => new()
    {
        ["input_tokens"] = input,
        ["input_tokens_details"] = new JsonObject { ["cached_tokens"] = cached },
        ["output_tokens"] = output,
        ["output_tokens_details"] = new JsonObject { ["reasoning_tokens"] = reasoning },
        ["total_tokens"] = input + output,
    };

    private static string Event(string type, int sequence, params (string Name, JsonNode? Value)[] members)
    {
        var data = new JsonObject { ["type"] = type, ["sequence_number"] = sequence };
        foreach (var (name, value) in members)
        {
            data[name] = value;
        }

        return Obj(data);
    }

    private static JsonNode Parse(string json) => JsonNode.Parse(json)!;

    private static string Obj(JsonNode node) => node.ToJsonString();
}
