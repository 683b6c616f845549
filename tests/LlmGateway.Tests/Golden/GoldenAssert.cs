using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LlmGateway.Tests.Golden;

/// <summary>Golden comparisons: JSON by structure (member order aside), SSE event by event; failures show both sides.</summary>
internal static class GoldenAssert
{
    private const string Done = "[DONE]";

    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void JsonEqual(string expected, string actual, string what)
    {
        var expectedNode = JsonNode.Parse(expected);
        var actualNode = JsonNode.Parse(actual);
        Assert.True(
            JsonNode.DeepEquals(expectedNode, actualNode),
            $"{what} differs from the golden file.\n--- Expected:\n{Show(expectedNode)}\n--- Actual:\n{Show(actualNode)}");
    }

    /// <summary>Same events in the same order: event types equal, data equal as JSON (or exactly, for <c>[DONE]</c>).</summary>
    public static void SseEqual(string expected, string actual, string what)
    {
        var expectedEvents = Parse(expected);
        var actualEvents = Parse(actual);
        var mismatch = expectedEvents.Count == actualEvents.Count ? -1 : Math.Min(expectedEvents.Count, actualEvents.Count);
        for (var i = 0; i < Math.Min(expectedEvents.Count, actualEvents.Count) && mismatch < 0; i++)
        {
            if (!EventEquals(expectedEvents[i], actualEvents[i]))
            {
                mismatch = i;
            }
        }

        Assert.True(
            mismatch < 0,
            $"{what} differs from the golden file at event {mismatch} (expected {expectedEvents.Count} events, got {actualEvents.Count}).\n"
            + $"--- Expected:\n{Show(expectedEvents)}\n--- Actual:\n{Show(actualEvents)}");
    }

    /// <summary>
    /// A Gemini client's <c>alt=sse</c> stream: data-only frames (no <c>event:</c> line, no <c>[DONE]</c>), each one whole
    /// GenerateContentResponse with one candidate holding at most one part — or Google's error object, which ends the
    /// stream; exactly one frame carries a <c>finishReason</c> (with <c>usageMetadata</c>), and it is the last.
    /// </summary>
    public static void GeminiStreamWellFormed(string sse)
    {
        Assert.DoesNotContain(sse.Split('\n'), line => line.StartsWith("event:", StringComparison.Ordinal));
        var events = Parse(sse);
        Assert.NotEmpty(events);
        for (var i = 0; i < events.Count; i++)
        {
            var last = i == events.Count - 1;
            var frame = JsonNode.Parse(events[i].Data)!.AsObject();
            if (frame["error"] is not null)
            {
                Assert.True(last, $"Frame {i}: an error frame must end the stream.");
                continue;
            }

            var candidate = Assert.Single(frame["candidates"]!.AsArray())!;
            Assert.True(candidate["content"] is null || candidate["content"]!["parts"]!.AsArray().Count == 1, $"Frame {i} holds more than one part.");
            var finishes = candidate["finishReason"] is not null;
            Assert.True(finishes == last, $"Frame {i}: the finish reason must ride on the last frame, and only there.");
            Assert.True(finishes == (frame["usageMetadata"] is not null), $"Frame {i}: usageMetadata goes with the finish reason.");
        }
    }

    public static List<SseItem<string>> Parse(string sse)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(sse));
        return [.. SseParser.Create(stream).Enumerate()];
    }

    private static bool EventEquals(SseItem<string> expected, SseItem<string> actual)
    {
        if (expected.EventType != actual.EventType)
        {
            return false;
        }

        if (expected.Data == Done || actual.Data == Done)
        {
            return expected.Data == actual.Data;
        }

        try
        {
            return JsonNode.DeepEquals(JsonNode.Parse(expected.Data), JsonNode.Parse(actual.Data));
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Show(JsonNode? node) => node?.ToJsonString(Pretty) ?? "null";

    private static string Show(List<SseItem<string>> events)
    {
        var text = new StringBuilder();
        for (var i = 0; i < events.Count; i++)
        {
            text.Append('[').Append(i).Append("] event: ").Append(events[i].EventType).Append('\n').Append("    data: ").Append(events[i].Data).Append('\n');
        }

        return text.ToString();
    }
}
