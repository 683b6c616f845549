using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;

namespace LlmGateway.Tests.Infrastructure;

/// <summary>
/// Fails a test unless an SSE stream is one Codex and the OpenAI SDKs accept as a Responses stream: every event has an
/// <c>event:</c> line equal to its JSON <c>type</c> and a <c>sequence_number</c> one above the previous event's;
/// <c>response.created</c> comes first; each output item is added (<c>response.output_item.added</c>, output indexes
/// 0, 1, 2...) before any event about it and done at most once; content parts and reasoning summary parts are added
/// before their deltas and their done events; the stream ends with exactly one of <c>response.completed</c> (whose
/// <c>output</c> holds every done item, in order, and whose <c>usage</c> has integer counts) or
/// <c>response.failed</c> (with <c>error.code</c> and <c>error.message</c>), and nothing follows it.
/// </summary>
public static class ResponsesStreamChecker
{
    private static readonly HashSet<string> ItemEvents =
    [
        "response.content_part.added", "response.content_part.done", "response.output_text.delta", "response.output_text.done",
        "response.refusal.delta", "response.refusal.done", "response.function_call_arguments.delta", "response.function_call_arguments.done",
        "response.reasoning_summary_part.added", "response.reasoning_summary_part.done", "response.reasoning_summary_text.delta",
        "response.reasoning_summary_text.done", "response.reasoning_text.delta", "response.reasoning_text.done",
    ];

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
        var state = new State();
        long? previous = null;
        for (var i = 0; i < events.Count; i++)
        {
            var (eventType, data) = events[i];
            using var document = Parse(data, i);
            var root = document.RootElement;
            var type = Member(root, "type", JsonValueKind.String, i).GetString()!;
            Assert.True(eventType == type, $"Event {i}: the event name '{eventType}' differs from the data type '{type}'.");
            var sequence = Member(root, "sequence_number", JsonValueKind.Number, i).GetInt64();
            Assert.True(previous is null || sequence == previous + 1, $"Event {i}: sequence_number {sequence} does not follow {previous}.");
            previous = sequence;
            Assert.True(i > 0 || type == "response.created", $"Event 0: the stream must begin with response.created, not '{type}'.");
            Assert.True(state.Terminal is null, $"Event {i}: '{type}' follows the terminal {state.Terminal}.");
            Check(state, type, root, i);
        }

        Assert.True(state.Terminal is not null, "The stream ends without response.completed or response.failed.");
    }

    private static void Check(State state, string type, JsonElement root, int i)
    {
        switch (type)
        {
            case "response.created" or "response.in_progress" or "response.queued":
                Member(Member(root, "response", JsonValueKind.Object, i), "id", JsonValueKind.String, i);
                break;
            case "response.output_item.added":
                var index = Member(root, "output_index", JsonValueKind.Number, i).GetInt32();
                Assert.True(index == state.Added.Count, $"Event {i}: expected output_index {state.Added.Count}, got {index}.");
                var item = Member(root, "item", JsonValueKind.Object, i);
                state.Added.Add((Member(item, "id", JsonValueKind.String, i).GetString()!, Member(item, "type", JsonValueKind.String, i).GetString()!));
                break;
            case "response.output_item.done":
                var doneIndex = Member(root, "output_index", JsonValueKind.Number, i).GetInt32();
                Assert.True(doneIndex < state.Added.Count, $"Event {i}: output item {doneIndex} is done before it was added.");
                Assert.True(state.Done.Add(doneIndex), $"Event {i}: output item {doneIndex} is done twice.");
                var doneItem = Member(root, "item", JsonValueKind.Object, i);
                Assert.Equal(state.Added[doneIndex].Id, Member(doneItem, "id", JsonValueKind.String, i).GetString());
                Assert.Equal(state.Added[doneIndex].Type, Member(doneItem, "type", JsonValueKind.String, i).GetString());
                state.DoneItems.Add(doneItem.GetRawText());
                break;
            case "response.completed":
                state.Terminal = type;
                CheckCompleted(state, Member(root, "response", JsonValueKind.Object, i), i);
                break;
            case "response.failed":
                state.Terminal = type;
                var error = Member(Member(root, "response", JsonValueKind.Object, i), "error", JsonValueKind.Object, i);
                Member(error, "code", JsonValueKind.String, i);
                Member(error, "message", JsonValueKind.String, i);
                break;
            case "response.incomplete":
                throw Fail(i, "response.incomplete ends the stream (Codex treats it as a failure): send response.completed with status incomplete");
            case "error":
                break;
            default:
                if (ItemEvents.Contains(type))
                {
                    CheckItemEvent(state, type, root, i);
                }

                break;
        }
    }

    private static void CheckItemEvent(State state, string type, JsonElement root, int i)
    {
        var itemId = Member(root, "item_id", JsonValueKind.String, i).GetString()!;
        var index = Member(root, "output_index", JsonValueKind.Number, i).GetInt32();
        Assert.True(index < state.Added.Count && state.Added[index].Id == itemId, $"Event {i}: '{type}' is about item '{itemId}' ({index}), which was not added.");
        Assert.False(state.Done.Contains(index), $"Event {i}: '{type}' is about item {index}, which is already done.");
        string? part = type switch
        {
            "response.content_part.added" or "response.content_part.done" or "response.output_text.delta" or "response.output_text.done"
                or "response.refusal.delta" or "response.refusal.done" =>
                itemId + "/content/" + Member(root, "content_index", JsonValueKind.Number, i).GetInt32(),
            "response.reasoning_summary_part.added" or "response.reasoning_summary_part.done" or "response.reasoning_summary_text.delta"
                or "response.reasoning_summary_text.done" =>
                itemId + "/summary/" + Member(root, "summary_index", JsonValueKind.Number, i).GetInt32(),
            _ => null,
        };
        if (part is null)
        {
            return;
        }

        if (type.EndsWith("part.added", StringComparison.Ordinal))
        {
            Assert.True(state.Parts.Add(part), $"Event {i}: part '{part}' is added twice.");
            return;
        }

        Assert.True(state.Parts.Contains(part), $"Event {i}: '{type}' for part '{part}', which was not added.");
        Assert.False(state.PartsDone.Contains(part), $"Event {i}: '{type}' for part '{part}', which is already done.");
        if (type.EndsWith("part.done", StringComparison.Ordinal))
        {
            state.PartsDone.Add(part);
        }
    }

    private static void CheckCompleted(State state, JsonElement response, int i)
    {
        Assert.True(state.Done.Count == state.Added.Count, $"Event {i}: response.completed while {state.Added.Count - state.Done.Count} output item(s) are not done.");
        var status = Member(response, "status", JsonValueKind.String, i).GetString();
        Assert.True(status is "completed" or "incomplete", $"Event {i}: response.completed with status '{status}'.");
        var output = Member(response, "output", JsonValueKind.Array, i).EnumerateArray().Select(e => e.GetRawText()).ToList();
        Assert.True(output.Count == state.DoneItems.Count, $"Event {i}: response.completed holds {output.Count} items, {state.DoneItems.Count} were done.");
        for (var k = 0; k < output.Count; k++)
        {
            Assert.True(
                JsonElementsEqual(output[k], state.DoneItems[k]),
                $"Event {i}: output[{k}] differs from the item of its output_item.done.\n{output[k]}\n{state.DoneItems[k]}");
        }

        var usage = Member(response, "usage", JsonValueKind.Object, i);
        foreach (var name in (string[])["input_tokens", "output_tokens", "total_tokens"])
        {
            Assert.True(Member(usage, name, JsonValueKind.Number, i).TryGetInt64(out _), $"Event {i}: usage.{name} is not an integer.");
        }

        Assert.True(Member(Member(usage, "input_tokens_details", JsonValueKind.Object, i), "cached_tokens", JsonValueKind.Number, i).TryGetInt64(out _));
        Assert.True(Member(Member(usage, "output_tokens_details", JsonValueKind.Object, i), "reasoning_tokens", JsonValueKind.Number, i).TryGetInt64(out _));
    }

    private static bool JsonElementsEqual(string a, string b) =>
        System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(a), System.Text.Json.Nodes.JsonNode.Parse(b));

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

    private sealed class State
    {
        public List<(string Id, string Type)> Added { get; } = [];

        public HashSet<int> Done { get; } = [];

        public List<string> DoneItems { get; } = [];

        public HashSet<string> Parts { get; } = [];

        public HashSet<string> PartsDone { get; } = [];

        public string? Terminal { get; set; }
    }
}
