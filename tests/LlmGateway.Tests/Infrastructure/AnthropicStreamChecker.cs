using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;

namespace LlmGateway.Tests.Infrastructure;

/// <summary>
/// Fails a test unless an SSE stream is one the Anthropic SDKs accept: every event named after its JSON
/// <c>type</c>; <c>message_start</c> first (pings anywhere after it); blocks 0, 1, 2... each started, given
/// deltas of its own kind and stopped before the next starts; one <c>message_delta</c> after the last block;
/// <c>message_stop</c> last — or an <c>error</c> event ending the stream at any point.
/// </summary>
public static class AnthropicStreamChecker
{
    public static void AssertWellFormed(string sseBody)
    {
        var events = new List<(string? EventType, string Data)>();
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(sseBody));
        foreach (var item in SseParser.Create(stream).Enumerate())
        {
            events.Add((item.EventType, item.Data));
        }

        AssertWellFormed(events);
    }

    public static void AssertWellFormed(IReadOnlyList<(string? EventType, string Data)> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        Assert.True(events.Count > 0, "The stream is empty.");
        var started = false;
        var openIndex = -1;
        string? openType = null;
        var nextIndex = 0;
        var sawMessageDelta = false;
        for (var i = 0; i < events.Count; i++)
        {
            var (eventType, data) = events[i];
            using var document = Parse(data, i);
            var root = document.RootElement;
            var type = root.TryGetProperty("type", out var typeElement) && typeElement.ValueKind == JsonValueKind.String
                ? typeElement.GetString()!
                : throw Fail(i, "its data has no string 'type'");
            Assert.True(eventType == type, $"Event {i}: the event name '{eventType}' differs from the data type '{type}'.");
            var last = i == events.Count - 1;
            if (type == "error")
            {
                Assert.True(last, $"Event {i}: an error event must end the stream.");
                var error = Member(root, "error", JsonValueKind.Object, i);
                Member(error, "type", JsonValueKind.String, i);
                Member(error, "message", JsonValueKind.String, i);
                return;
            }

            if (!started)
            {
                Assert.True(type == "message_start", $"Event {i}: the stream must begin with message_start, not '{type}'.");
                CheckMessageStart(root, i);
                started = true;
                continue;
            }

            switch (type)
            {
                case "ping":
                    break;
                case "content_block_start":
                    Assert.True(openIndex < 0, $"Event {i}: block {nextIndex} starts while block {openIndex} is open.");
                    Assert.False(sawMessageDelta, $"Event {i}: a block starts after message_delta.");
                    Assert.True(Index(root, i) == nextIndex, $"Event {i}: expected block index {nextIndex}, got {Index(root, i)}.");
                    openType = Member(Member(root, "content_block", JsonValueKind.Object, i), "type", JsonValueKind.String, i).GetString();
                    openIndex = nextIndex++;
                    break;
                case "content_block_delta":
                    Assert.True(openIndex >= 0 && Index(root, i) == openIndex, $"Event {i}: a delta for block {Index(root, i)}, which is not open.");
                    var deltaType = Member(Member(root, "delta", JsonValueKind.Object, i), "type", JsonValueKind.String, i).GetString();
                    Assert.True(DeltaFits(openType, deltaType), $"Event {i}: a {deltaType} inside a {openType} block.");
                    break;
                case "content_block_stop":
                    Assert.True(openIndex >= 0 && Index(root, i) == openIndex, $"Event {i}: stops block {Index(root, i)}, which is not open.");
                    openIndex = -1;
                    break;
                case "message_delta":
                    Assert.False(sawMessageDelta, $"Event {i}: a second message_delta.");
                    Assert.True(openIndex < 0, $"Event {i}: message_delta while block {openIndex} is open.");
                    var delta = Member(root, "delta", JsonValueKind.Object, i);
                    Member(delta, "stop_reason", JsonValueKind.String, i);
                    Member(root, "usage", JsonValueKind.Object, i);
                    sawMessageDelta = true;
                    break;
                case "message_stop":
                    Assert.True(sawMessageDelta, $"Event {i}: message_stop without a message_delta before it.");
                    Assert.True(last, $"Event {i}: events follow message_stop.");
                    return;
                default:
                    throw Fail(i, $"unexpected event type '{type}'");
            }
        }

        Assert.Fail("The stream ends without message_stop or an error event.");
    }

    private static void CheckMessageStart(JsonElement root, int i)
    {
        var message = Member(root, "message", JsonValueKind.Object, i);
        Assert.Equal("message", Member(message, "type", JsonValueKind.String, i).GetString());
        Assert.Equal("assistant", Member(message, "role", JsonValueKind.String, i).GetString());
        Assert.Equal(0, Member(message, "content", JsonValueKind.Array, i).GetArrayLength());
        Member(message, "id", JsonValueKind.String, i);
        Member(message, "model", JsonValueKind.String, i);
        Member(message, "stop_reason", JsonValueKind.Null, i);
        var usage = Member(message, "usage", JsonValueKind.Object, i);
        Member(usage, "input_tokens", JsonValueKind.Number, i);
        Member(usage, "output_tokens", JsonValueKind.Number, i);
    }

    private static bool DeltaFits(string? blockType, string? deltaType) => (blockType, deltaType) switch
    {
        ("text", "text_delta" or "citations_delta") => true,
        ("thinking", "thinking_delta" or "signature_delta") => true,
        ("tool_use" or "server_tool_use", "input_json_delta") => true,
        _ => false,
    };

    private static int Index(JsonElement root, int i) => Member(root, "index", JsonValueKind.Number, i).GetInt32();

    private static JsonElement Member(JsonElement element, string name, JsonValueKind kind, int i)
    {
        Assert.True(element.TryGetProperty(name, out var value), $"Event {i}: '{name}' is missing.");
        Assert.True(value.ValueKind == kind, $"Event {i}: '{name}' is {value.ValueKind}, expected {kind}.");
        return value;
    }

    private static JsonDocument Parse(string data, int i)
    {
        try
        {
            return JsonDocument.Parse(data);
        }
        catch (JsonException ex)
        {
            throw Fail(i, "its data is not JSON: " + ex.Message);
        }
    }

    private static Xunit.Sdk.XunitException Fail(int i, string message) => new($"Event {i}: {message}.");
}
