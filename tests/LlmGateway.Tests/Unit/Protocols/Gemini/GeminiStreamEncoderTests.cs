using System.Net.ServerSentEvents;
using System.Text;
using LlmGateway.Http;
using LlmGateway.Protocols.Gemini;
using LlmGateway.Translation;
using LlmGateway.Usage;
using static LlmGateway.Tests.Unit.Protocols.Gemini.GeminiJson;

namespace LlmGateway.Tests.Unit.Protocols.Gemini;

public class GeminiStreamEncoderTests
{
    private static List<SseItem<ReadOnlyMemory<byte>>> Run(params StreamEvent[] events)
    {
        var encoder = new GeminiStreamEncoder();
        var output = new List<SseItem<ReadOnlyMemory<byte>>>();
        foreach (var streamEvent in events)
        {
            encoder.Encode(streamEvent, output);
        }

        encoder.Complete(output);
        Assert.All(output, item => Assert.Equal("message", item.EventType)); // SseItem's name for "no event: line"
        return output;
    }

    private static void Frames(List<SseItem<ReadOnlyMemory<byte>>> output, params string[] expected)
    {
        Assert.Equal(expected.Length, output.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Equal(expected[i], Text(output[i]));
        }
    }

    [Fact]
    public void Encode_ReasoningTextAndToolCall_OnePartPerChunkWithTheFinishOnTheLast()
    {
        var output = Run(
            new ResponseStarted("resp1", "gemini-x"),
            new BlockStarted(0, BlockKind.Reasoning),
            new ReasoningDelta(0, "Let me "),
            new ReasoningDelta(0, "think."),
            new SignatureDelta(0, "anthropic-signature"),
            new BlockStopped(0),
            new BlockStarted(1, BlockKind.Text) { ThoughtSignature = "sigT" },
            new TextDelta(1, "Checking"),
            new TextDelta(1, ""),
            new BlockStopped(1),
            new BlockStarted(2, BlockKind.ToolCall) { ToolCallId = "call_1", ToolName = "get_weather", ThoughtSignature = "sigA" },
            new ToolArgumentsDelta(2, """{"city":"""),
            new ToolArgumentsDelta(2, "\"Paris\"}"),
            new BlockStopped(2),
            new UsageReported(new TokenUsage(Input: 100, Output: 40, Cached: 20, Reasoning: 10)),
            new ResponseFinished(StopReason.ToolUse));

        Frames(output,
            """{"candidates":[{"content":{"parts":[{"text":"Let me ","thought":true}],"role":"model"},"index":0}],"modelVersion":"gemini-x","responseId":"resp1"}""",
            """{"candidates":[{"content":{"parts":[{"text":"think.","thought":true}],"role":"model"},"index":0}],"modelVersion":"gemini-x","responseId":"resp1"}""",
            """{"candidates":[{"content":{"parts":[{"text":"Checking","thoughtSignature":"sigT"}],"role":"model"},"index":0}],"modelVersion":"gemini-x","responseId":"resp1"}""",
            """
            {"candidates":[{"content":{"parts":[{"functionCall":{"id":"call_1","name":"get_weather","args":{"city":"Paris"}},"thoughtSignature":"sigA"}],"role":"model"},
              "finishReason":"STOP","index":0}],
             "usageMetadata":{"promptTokenCount":100,"candidatesTokenCount":30,"totalTokenCount":140,"cachedContentTokenCount":20,"thoughtsTokenCount":10},
             "modelVersion":"gemini-x","responseId":"resp1"}
            """);
    }

    [Fact]
    public void Encode_SignedBlockWithoutTextAndRedactedReasoning_SignatureAloneAndNothingRedacted()
    {
        var output = Run(
            new ResponseStarted("r", "m"),
            new BlockStarted(0, BlockKind.RedactedReasoning) { RedactedData = "xyz" },
            new BlockStopped(0),
            new BlockStarted(1, BlockKind.Text),
            new TextDelta(1, "Done."),
            new BlockStopped(1),
            new BlockStarted(2, BlockKind.Text) { ThoughtSignature = "sig2" },
            new BlockStopped(2),
            new ResponseFinished(StopReason.EndTurn));

        Frames(output,
            """{"candidates":[{"content":{"parts":[{"text":"Done."}],"role":"model"},"index":0}],"modelVersion":"m","responseId":"r"}""",
            """
            {"candidates":[{"content":{"parts":[{"text":"","thoughtSignature":"sig2"}],"role":"model"},"finishReason":"STOP","index":0}],
             "usageMetadata":{"promptTokenCount":0,"candidatesTokenCount":0,"totalTokenCount":0},"modelVersion":"m","responseId":"r"}
            """);
    }

    [Fact]
    public void Encode_FinishWithNoContent_IsAChunkWithoutContent()
    {
        var output = Run(new ResponseStarted("r", "m"), new UsageReported(new TokenUsage(5, 0, 0, 0)), new ResponseFinished(StopReason.Refusal));

        Frames(output, """
            {"candidates":[{"finishReason":"SAFETY","index":0}],"usageMetadata":{"promptTokenCount":5,"candidatesTokenCount":0,"totalTokenCount":5},"modelVersion":"m","responseId":"r"}
            """);
    }

    [Fact]
    public void Encode_Failure_SendsTheHeldPartThenGooglesErrorObject()
    {
        var output = Run(
            new ResponseStarted("r", "m"),
            new BlockStarted(0, BlockKind.Text),
            new TextDelta(0, "Hel"),
            new StreamFailed(new GatewayError(429, "rate_limited", "Slow down.") { RetryAfterSeconds = 7 }),
            new TextDelta(0, "ignored"));

        Frames(output,
            """{"candidates":[{"content":{"parts":[{"text":"Hel"}],"role":"model"},"index":0}],"modelVersion":"m","responseId":"r"}""",
            """{"error":{"code":429,"message":"Slow down.","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"7s"}]}}""");
    }

    [Fact]
    public void Complete_WithoutFinish_EndsWithAnErrorFrame()
    {
        var output = Run(new ResponseStarted("r", "m"), new BlockStarted(0, BlockKind.Text), new TextDelta(0, "Hel"));

        Frames(output,
            """{"candidates":[{"content":{"parts":[{"text":"Hel"}],"role":"model"},"index":0}],"modelVersion":"m","responseId":"r"}""",
            """{"error":{"code":502,"message":"The upstream stream ended before the response finished.","status":"UNAVAILABLE"}}""");
    }

    [Fact]
    public void Encode_ToolArgumentsNotAnObject_EndsWithAnErrorFrame()
    {
        var output = Run(
            new ResponseStarted("r", "m"),
            new BlockStarted(0, BlockKind.ToolCall) { ToolCallId = "c", ToolName = "f" },
            new ToolArgumentsDelta(0, "[1"),
            new BlockStopped(0),
            new ResponseFinished(StopReason.ToolUse));

        Frames(output, """
            {"error":{"code":502,"message":"The upstream model produced arguments for tool 'f' that are not a JSON object.","status":"UNAVAILABLE"}}
            """);
    }

    [Fact]
    public void Encode_ToolCallWithoutArguments_SendsEmptyArgs()
    {
        var output = Run(
            new ResponseStarted("r", "m"),
            new BlockStarted(0, BlockKind.ToolCall) { ToolCallId = "c", ToolName = "now" },
            new BlockStopped(0),
            new ResponseFinished(StopReason.ToolUse));

        Frames(output, """
            {"candidates":[{"content":{"parts":[{"functionCall":{"id":"c","name":"now","args":{}}}],"role":"model"},"finishReason":"STOP","index":0}],
             "usageMetadata":{"promptTokenCount":0,"candidatesTokenCount":0,"totalTokenCount":0},"modelVersion":"m","responseId":"r"}
            """);
    }

    [Fact]
    public void ToJsonArray_Chunks_FormGooglesNonSseArray()
    {
        var output = Run(new ResponseStarted("r", "m"), new TextDelta(0, "a"), new TextDelta(0, "b"), new ResponseFinished(StopReason.EndTurn));

        var array = Encoding.UTF8.GetString(GeminiStreamEncoder.ToJsonArray(output.Select(item => item.Data).ToList()));

        Assert.StartsWith("[{", array, StringComparison.Ordinal);
        Assert.Contains("},\r\n{", array, StringComparison.Ordinal);
        Equal("[" + string.Join(",", output.Select(Text)) + "]", array);
        Assert.Equal("[]", Encoding.UTF8.GetString(GeminiStreamEncoder.ToJsonArray([])));
    }

    [Fact]
    public void DecoderThenEncoder_GeminiStream_ReproducesPartsIdsSignaturesAndFinish()
    {
        string[] upstream =
        [
            """{"candidates":[{"content":{"parts":[{"text":"Hmm","thought":true}],"role":"model"},"index":0}],"modelVersion":"gemini-3-pro","responseId":"R"}""",
            """{"candidates":[{"content":{"parts":[{"functionCall":{"id":"fc","name":"f","args":{"a":1}},"thoughtSignature":"S"}],"role":"model"},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":3,"candidatesTokenCount":2,"thoughtsTokenCount":1,"totalTokenCount":6},"modelVersion":"gemini-3-pro","responseId":"R"}""",
        ];
        var decoder = new GeminiStreamDecoder();
        var events = new List<StreamEvent>();
        foreach (var chunk in upstream)
        {
            decoder.Decode(null, Encoding.UTF8.GetBytes(chunk), events);
        }

        decoder.Complete(events);

        Frames(Run([.. events]), upstream);
    }
}
