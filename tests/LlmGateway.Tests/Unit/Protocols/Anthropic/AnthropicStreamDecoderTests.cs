using System.Text;
using LlmGateway.Http;
using LlmGateway.Protocols.Anthropic;
using LlmGateway.Translation;
using LlmGateway.Usage;

namespace LlmGateway.Tests.Unit.Protocols.Anthropic;

public class AnthropicStreamDecoderTests
{
    private const string MessageStart = """
        {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],
         "stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":10,"cache_creation_input_tokens":20,"cache_read_input_tokens":300,"output_tokens":1}}}
        """;

    [Fact]
    public void Decode_ThinkingTextAndSplitToolArguments_GivesTheExactHubSequence()
    {
        var (events, decoder) = Run(
            ("message_start", MessageStart),
            ("ping", """{"type":"ping"}"""),
            ("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}"""),
            ("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Weather needs "}}"""),
            ("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"a tool."}}"""),
            ("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQBCkgIAhAB"}}"""),
            ("content_block_stop", """{"type":"content_block_stop","index":0}"""),
            ("content_block_start", """{"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}"""),
            ("content_block_delta", """{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"Checking."}}"""),
            ("content_block_stop", """{"type":"content_block_stop","index":1}"""),
            ("content_block_start", """{"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_1","name":"get_weather","input":{}}}"""),
            ("content_block_delta", """{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":""}}"""),
            ("content_block_delta", """{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\"city\": \"Pa"}}"""),
            ("content_block_delta", """{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"ris\"}"}}"""),
            ("content_block_stop", """{"type":"content_block_stop","index":2}"""),
            ("message_delta", """{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":57}}"""),
            ("message_stop", """{"type":"message_stop"}"""));

        var start = new TokenUsage(Input: 330, Output: 1, Cached: 300, Reasoning: 0, CacheWrite: 20);
        Assert.Equal<StreamEvent>(
        [
            new ResponseStarted("msg_1", "claude-sonnet-4-5"),
            new UsageReported(start),
            new BlockStarted(0, BlockKind.Reasoning),
            new ReasoningDelta(0, "Weather needs "),
            new ReasoningDelta(0, "a tool."),
            new SignatureDelta(0, "EqQBCkgIAhAB"),
            new BlockStopped(0),
            new BlockStarted(1, BlockKind.Text),
            new TextDelta(1, "Checking."),
            new BlockStopped(1),
            new BlockStarted(2, BlockKind.ToolCall) { ToolCallId = "toolu_1", ToolName = "get_weather" },
            new ToolArgumentsDelta(2, "{\"city\": \"Pa"),
            new ToolArgumentsDelta(2, "ris\"}"),
            new BlockStopped(2),
            new UsageReported(start with { Output = 57 }),
            new ResponseFinished(StopReason.ToolUse),
        ], events);
        Assert.True(decoder.Finished);
    }

    [Fact]
    public void Decode_MessageDeltaWithFullUsage_ReplacesEveryCount()
    {
        var (events, _) = Run(
            ("message_start", MessageStart),
            ("message_delta", """{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"input_tokens":15,"cache_creation_input_tokens":0,"cache_read_input_tokens":320,"output_tokens":9,"server_tool_use":null}}"""),
            ("message_stop", """{"type":"message_stop"}"""));

        Assert.Equal(new UsageReported(new TokenUsage(Input: 335, Output: 9, Cached: 320, Reasoning: 0, CacheWrite: 0)), events[^2]);
        Assert.Equal(new ResponseFinished(StopReason.EndTurn), events[^1]);
    }

    [Fact]
    public void Decode_ServerToolBlocksAndCitations_AreSkippedAndIndexesStayDense()
    {
        var (events, _) = Run(
            ("message_start", MessageStart),
            ("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{}}}"""),
            ("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\"query\":\"x\"}"}}"""),
            ("content_block_stop", """{"type":"content_block_stop","index":0}"""),
            ("content_block_start", """{"type":"content_block_start","index":1,"content_block":{"type":"web_search_tool_result","tool_use_id":"srvtoolu_1","content":[]}}"""),
            ("content_block_stop", """{"type":"content_block_stop","index":1}"""),
            ("content_block_start", """{"type":"content_block_start","index":2,"content_block":{"type":"text","text":""}}"""),
            ("content_block_delta", """{"type":"content_block_delta","index":2,"delta":{"type":"citations_delta","citation":{"type":"web_search_result_location","url":"u"}}}"""),
            ("content_block_delta", """{"type":"content_block_delta","index":2,"delta":{"type":"text_delta","text":"Found."}}"""),
            ("content_block_stop", """{"type":"content_block_stop","index":2}"""),
            ("message_delta", """{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":3}}"""),
            ("message_stop", """{"type":"message_stop"}"""));

        Assert.Equal<StreamEvent>(
        [
            new BlockStarted(0, BlockKind.Text),
            new TextDelta(0, "Found."),
            new BlockStopped(0),
        ], events.Where(e => e is BlockStarted or TextDelta or BlockStopped or ToolArgumentsDelta).ToList());
    }

    [Fact]
    public void Decode_RedactedThinkingAndStopSequence_CarryDataAndSequence()
    {
        var (events, _) = Run(
            ("message_start", MessageStart),
            ("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"redacted_thinking","data":"EmwKAhgB"}}"""),
            ("content_block_stop", """{"type":"content_block_stop","index":0}"""),
            ("message_delta", """{"type":"message_delta","delta":{"stop_reason":"stop_sequence","stop_sequence":"###"},"usage":{"output_tokens":3}}"""),
            ("message_stop", """{"type":"message_stop"}"""));

        Assert.Equal(new BlockStarted(0, BlockKind.RedactedReasoning) { RedactedData = "EmwKAhgB" }, events[2]);
        Assert.Equal(new BlockStopped(0), events[3]);
        Assert.Equal(new ResponseFinished(StopReason.StopSequence, "###"), events[^1]);
    }

    [Fact]
    public void Decode_BlockStartWithContent_EmitsItAsDeltas()
    {
        var (events, _) = Run(
            ("message_start", MessageStart),
            ("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"whole","signature":"sig"}}"""),
            ("content_block_stop", """{"type":"content_block_stop","index":0}"""));

        Assert.Equal<StreamEvent>(
            [new BlockStarted(0, BlockKind.Reasoning), new ReasoningDelta(0, "whole"), new SignatureDelta(0, "sig"), new BlockStopped(0)],
            events.Skip(2).ToList());
    }

    [Fact]
    public void Decode_FramesWithoutEventNames_AreReadFromTheirData()
    {
        var (events, decoder) = Run(
            (null, MessageStart),
            (null, """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"""),
            (null, """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"hi"}}"""),
            (null, """{"type":"content_block_stop","index":0}"""),
            (null, """{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":1}}"""),
            (null, """{"type":"message_stop"}"""));

        Assert.Contains(new TextDelta(0, "hi"), events);
        Assert.True(decoder.Finished);
    }

    [Theory]
    [InlineData("invalid_request_error", 400)]
    [InlineData("authentication_error", 401)]
    [InlineData("billing_error", 402)]
    [InlineData("permission_error", 403)]
    [InlineData("not_found_error", 404)]
    [InlineData("request_too_large", 413)]
    [InlineData("rate_limit_error", 429)]
    [InlineData("api_error", 500)]
    [InlineData("timeout_error", 504)]
    [InlineData("overloaded_error", 529)]
    [InlineData("some_new_error", 500)]
    public void Decode_ErrorEvent_FailsWithTheStatusOfItsType(string type, int status)
    {
        var (events, decoder) = Run(
            ("message_start", MessageStart),
            ("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"""),
            ("error", $$$"""{"type":"error","error":{"type":"{{{type}}}","message":"Something happened"}}"""));
        var completed = new List<StreamEvent>();
        decoder.Complete(completed);

        Assert.Equal(new StreamFailed(new GatewayError(status, type, "Something happened")), events[^1]);
        Assert.Empty(completed);
    }

    [Fact]
    public void Complete_EndedBeforeMessageDelta_FailsAsTruncated()
    {
        var (events, decoder) = Run(
            ("message_start", MessageStart),
            ("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"""),
            ("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hal"}}"""));
        var completed = new List<StreamEvent>();

        decoder.Complete(completed);

        var failed = Assert.IsType<StreamFailed>(Assert.Single(completed));
        Assert.Equal((502, "upstream_stream_truncated"), (failed.Error.Status, failed.Error.Code));
        Assert.False(decoder.Finished);
    }

    [Fact]
    public void Complete_EndedAfterMessageDeltaWithoutMessageStop_ClosesTheBlockAndFinishes()
    {
        var (_, decoder) = Run(
            ("message_start", MessageStart),
            ("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"""),
            ("message_delta", """{"type":"message_delta","delta":{"stop_reason":"max_tokens","stop_sequence":null},"usage":{"output_tokens":8}}"""));
        var completed = new List<StreamEvent>();

        decoder.Complete(completed);

        Assert.Equal<StreamEvent>([new BlockStopped(0), new ResponseFinished(StopReason.MaxTokens)], completed);
        Assert.True(decoder.Finished);
    }

    [Fact]
    public void Complete_AfterMessageStop_AddsNothingAndLaterEventsAreIgnored()
    {
        var (events, decoder) = Run(
            ("message_start", MessageStart),
            ("message_delta", """{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":0}}"""),
            ("message_stop", """{"type":"message_stop"}"""),
            ("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"""));
        var completed = new List<StreamEvent>();

        decoder.Complete(completed);

        Assert.IsType<ResponseFinished>(events[^1]);
        Assert.Empty(completed);
    }

    [Fact]
    public void Decode_DataNotJson_FailsWith502()
    {
        var (events, _) = Run(("message_start", MessageStart), ("content_block_delta", "{not json"));

        var failed = Assert.IsType<StreamFailed>(events[^1]);
        Assert.Equal(502, failed.Error.Status);
    }

    [Fact]
    public void Decode_OverloadedBeforeAnyContent_KeepsTheMessage()
    {
        var (events, _) = Run(("error", """{"type":"error","error":{"details":null,"type":"overloaded_error","message":"Overloaded"}}"""));

        Assert.Equal<StreamEvent>([new StreamFailed(new GatewayError(529, "overloaded_error", "Overloaded"))], events);
    }

    internal static (List<StreamEvent> Events, AnthropicStreamDecoder Decoder) Run(params (string? EventType, string Data)[] frames)
    {
        var decoder = new AnthropicStreamDecoder();
        var events = new List<StreamEvent>();
        foreach (var (eventType, data) in frames)
        {
            decoder.Decode(eventType, Encoding.UTF8.GetBytes(data), events);
        }

        return (events, decoder);
    }
}
