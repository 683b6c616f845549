using System.Text;
using LlmGateway.Protocols.Gemini;
using LlmGateway.Translation;
using LlmGateway.Usage;

namespace LlmGateway.Tests.Unit.Protocols.Gemini;

public class GeminiStreamDecoderTests
{
    private static (List<StreamEvent> Events, GeminiStreamDecoder Decoder) Run(params string[] chunks)
    {
        var decoder = new GeminiStreamDecoder();
        var events = new List<StreamEvent>();
        foreach (var chunk in chunks)
        {
            decoder.Decode(null, Encoding.UTF8.GetBytes(chunk), events);
        }

        Assert.False(decoder.Finished);
        decoder.Complete(events);
        return (events, decoder);
    }

    private static string Chunk(string parts, string extra = "") =>
        $$"""{"candidates":[{"content":{"parts":[{{parts}}],"role":"model"},"index":0{{extra}}}],"usageMetadata":{"promptTokenCount":10,"totalTokenCount":10},"modelVersion":"gemini-2.5-pro","responseId":"resp1"}""";

    [Fact]
    public void Decode_ThoughtsTextAndParallelCalls_GivesTheExactHubSequence()
    {
        var (events, decoder) = Run(
            Chunk("""{"text":"Let me ","thought":true}"""),
            Chunk("""{"text":"think.","thought":true}"""),
            Chunk("""{"text":"Checking"}"""),
            """
            {"candidates":[{"content":{"parts":[
               {"functionCall":{"name":"get_weather","args":{"city":"Paris"}},"thoughtSignature":"sigA"},
               {"functionCall":{"name":"get_weather","args":{"city":"Rome"}}}],"role":"model"},"finishReason":"STOP","index":0}],
             "usageMetadata":{"promptTokenCount":10,"candidatesTokenCount":30,"thoughtsTokenCount":20,"totalTokenCount":60},
             "modelVersion":"gemini-2.5-pro","responseId":"resp1"}
            """);

        Assert.Equal<StreamEvent>(
        [
            new ResponseStarted("resp1", "gemini-2.5-pro"),
            new BlockStarted(0, BlockKind.Reasoning),
            new ReasoningDelta(0, "Let me "),
            new UsageReported(new TokenUsage(10, 0, 0, 0)),
            new ReasoningDelta(0, "think."),
            new BlockStopped(0),
            new BlockStarted(1, BlockKind.Text),
            new TextDelta(1, "Checking"),
            new BlockStopped(1),
            new BlockStarted(2, BlockKind.ToolCall) { ToolCallId = "call_resp1_0", ToolName = "get_weather", ThoughtSignature = "sigA" },
            new ToolArgumentsDelta(2, """{"city":"Paris"}"""),
            new BlockStopped(2),
            new BlockStarted(3, BlockKind.ToolCall) { ToolCallId = "call_resp1_1", ToolName = "get_weather" },
            new ToolArgumentsDelta(3, """{"city":"Rome"}"""),
            new BlockStopped(3),
            new UsageReported(new TokenUsage(Input: 10, Output: 50, Cached: 0, Reasoning: 20)),
            new ResponseFinished(StopReason.ToolUse),
        ], events);
        Assert.True(decoder.Finished);
    }

    [Fact]
    public void Decode_SignedParts_StartBlocksOfTheirOwnCarryingTheSignature()
    {
        var (events, _) = Run(
            Chunk("""{"text":"Hi","thoughtSignature":"sig1"}"""),
            Chunk("""{"text":" there"}"""),
            Chunk("""{"text":"","thoughtSignature":"sig2"}""", ""","finishReason":"STOP" """));

        Assert.Equal<StreamEvent>(
        [
            new ResponseStarted("resp1", "gemini-2.5-pro"),
            new BlockStarted(0, BlockKind.Text) { ThoughtSignature = "sig1" },
            new TextDelta(0, "Hi"),
            new UsageReported(new TokenUsage(10, 0, 0, 0)),
            new TextDelta(0, " there"),
            new BlockStopped(0),
            new BlockStarted(1, BlockKind.Text) { ThoughtSignature = "sig2" },
            new BlockStopped(1),
            new ResponseFinished(StopReason.EndTurn),
        ], events);
    }

    [Fact]
    public void Decode_CallIdsGivenAndMaxTokens_KeepsIdsAndStopsAtTheLimit()
    {
        var (events, _) = Run(
            Chunk("""{"functionCall":{"id":"fc1","name":"f"}}"""),
            Chunk("""{"text":""}"""),
            Chunk("""{"text":"and more"}""", ""","finishReason":"MAX_TOKENS" """));

        Assert.Equal<StreamEvent>(
        [
            new ResponseStarted("resp1", "gemini-2.5-pro"),
            new BlockStarted(0, BlockKind.ToolCall) { ToolCallId = "fc1", ToolName = "f" },
            new ToolArgumentsDelta(0, "{}"),
            new BlockStopped(0),
            new UsageReported(new TokenUsage(10, 0, 0, 0)),
            new BlockStarted(1, BlockKind.Text),
            new TextDelta(1, "and more"),
            new BlockStopped(1),
            new ResponseFinished(StopReason.MaxTokens),
        ], events);
    }

    [Fact]
    public void Decode_BlockedPrompt_FinishesAsRefusal()
    {
        var (events, _) = Run("""{"promptFeedback":{"blockReason":"PROHIBITED_CONTENT"},"usageMetadata":{"promptTokenCount":4,"totalTokenCount":4},"responseId":"r"}""");

        Assert.Equal<StreamEvent>(
        [
            new ResponseStarted("r", ""),
            new UsageReported(new TokenUsage(4, 0, 0, 0)),
            new ResponseFinished(StopReason.Refusal),
        ], events);
    }

    [Fact]
    public void Complete_WithoutFinishReason_FailsTruncated()
    {
        var (events, decoder) = Run(Chunk("""{"text":"Hel"}"""));

        var failed = Assert.IsType<StreamFailed>(events[^1]);
        Assert.Equal((502, "upstream_stream_truncated"), (failed.Error.Status, failed.Error.Code));
        Assert.False(decoder.Finished);
    }

    [Fact]
    public void Decode_ErrorChunk_FailsWithTheError()
    {
        var (events, _) = Run(
            Chunk("""{"text":"Hel"}"""),
            """{"error":{"code":503,"message":"The model is overloaded.","status":"UNAVAILABLE"}}""",
            Chunk("""{"text":"ignored"}"""));

        var failed = Assert.IsType<StreamFailed>(events[^1]);
        Assert.Equal((503, "UNAVAILABLE", "The model is overloaded."), (failed.Error.Status, failed.Error.Code, failed.Error.Message));
        Assert.Single(events, e => e is StreamFailed);
    }

    [Theory]
    [InlineData("""{"candidates":[{"content":{"parts":[]},"finishReason":"MALFORMED_FUNCTION_CALL"}]}""", "upstream_malformed_function_call")]
    [InlineData("""{"candidates":[""", "upstream_invalid_stream")]
    public void Decode_UnusableChunk_Fails502(string chunk, string code)
    {
        var (events, _) = Run(chunk);

        var failed = Assert.IsType<StreamFailed>(events[^1]);
        Assert.Equal((502, code), (failed.Error.Status, failed.Error.Code));
    }

    [Fact]
    public void Decode_BlankData_IsIgnored()
    {
        var decoder = new GeminiStreamDecoder();
        var events = new List<StreamEvent>();

        decoder.Decode(null, " \r\n"u8, events);

        Assert.Empty(events);
    }
}
