using System.Buffers;
using System.Net.ServerSentEvents;
using System.Text;
using LlmGateway.Http;
using LlmGateway.Protocols.Anthropic;
using LlmGateway.Tests.Infrastructure;
using LlmGateway.Translation;
using LlmGateway.Usage;
using static LlmGateway.Tests.Unit.Protocols.Anthropic.AnthropicJson;

namespace LlmGateway.Tests.Unit.Protocols.Anthropic;

public class AnthropicStreamEncoderTests
{
    private const string Start = """
        {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-x","content":[],
         "stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":42,"output_tokens":0}}}
        """;

    private const string Ping = """{"type":"ping"}""";

    [Fact]
    public void Encode_ThinkingTextAndToolCall_GivesTheExactAnthropicEvents()
    {
        var events = Run(
            new ResponseStarted("msg_1", "claude-x"),
            new UsageReported(new TokenUsage(Input: 330, Output: 1, Cached: 300, Reasoning: 0, CacheWrite: 20)),
            new BlockStarted(0, BlockKind.Reasoning),
            new ReasoningDelta(0, "Think."),
            new SignatureDelta(0, "sig"),
            new BlockStopped(0),
            new BlockStarted(1, BlockKind.Text),
            new TextDelta(1, "Checking \"Paris\"."),
            new BlockStopped(1),
            new BlockStarted(2, BlockKind.ToolCall) { ToolCallId = "toolu_1", ToolName = "get_weather" },
            new ToolArgumentsDelta(2, "{\"city\": \"Pa"),
            new ToolArgumentsDelta(2, "ris\"}"),
            new BlockStopped(2),
            new UsageReported(new TokenUsage(Input: 330, Output: 57, Cached: 300, Reasoning: 0, CacheWrite: 20)),
            new ResponseFinished(StopReason.ToolUse));

        AssertEvents(events,
            ("message_start", Start),
            ("ping", Ping),
            ("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}"""),
            ("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Think."}}"""),
            ("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"sig"}}"""),
            ("content_block_stop", """{"type":"content_block_stop","index":0}"""),
            ("content_block_start", """{"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}"""),
            ("content_block_delta", """{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"Checking \"Paris\"."}}"""),
            ("content_block_stop", """{"type":"content_block_stop","index":1}"""),
            ("content_block_start", """{"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_1","name":"get_weather","input":{}}}"""),
            ("content_block_delta", """{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\"city\": \"Pa"}}"""),
            ("content_block_delta", """{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"ris\"}"}}"""),
            ("content_block_stop", """{"type":"content_block_stop","index":2}"""),
            ("message_delta", """
                {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},
                 "usage":{"input_tokens":10,"output_tokens":57,"cache_creation_input_tokens":20,"cache_read_input_tokens":300}}
                """),
            ("message_stop", """{"type":"message_stop"}"""));
    }

    [Fact]
    public void Encode_OpenAIStyleStreamWithoutBlockStops_ClosesEachBlockBeforeTheNext()
    {
        var events = Run(
            new ResponseStarted("chatcmpl-7", "gpt-4o"),
            new BlockStarted(0, BlockKind.Text),
            new TextDelta(0, "Hi"),
            new BlockStarted(1, BlockKind.ToolCall) { ToolCallId = "call_a", ToolName = "f" },
            new ToolArgumentsDelta(1, "{}"),
            new BlockStarted(2, BlockKind.ToolCall) { ToolCallId = "call_b", ToolName = "g" },
            new ResponseFinished(StopReason.ToolUse));

        AssertEvents(events,
            ("message_start", Start.Replace("msg_1", "msg_chatcmpl-7", StringComparison.Ordinal).Replace("claude-x", "gpt-4o", StringComparison.Ordinal)),
            ("ping", Ping),
            ("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"""),
            ("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}"""),
            ("content_block_stop", """{"type":"content_block_stop","index":0}"""),
            ("content_block_start", """{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"call_a","name":"f","input":{}}}"""),
            ("content_block_delta", """{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{}"}}"""),
            ("content_block_stop", """{"type":"content_block_stop","index":1}"""),
            ("content_block_start", """{"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"call_b","name":"g","input":{}}}"""),
            ("content_block_stop", """{"type":"content_block_stop","index":2}"""),
            ("message_delta", """
                {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},
                 "usage":{"input_tokens":42,"output_tokens":0,"cache_creation_input_tokens":0,"cache_read_input_tokens":0}}
                """),
            ("message_stop", """{"type":"message_stop"}"""));
    }

    [Fact]
    public void Encode_DeltaOfAnotherKindThanTheOpenBlock_OpensABlockOfItsKind()
    {
        var events = Run(
            new ResponseStarted("msg_1", "claude-x"),
            new ReasoningDelta(0, "hmm"),
            new TextDelta(1, "answer"),
            new ResponseFinished(StopReason.EndTurn));

        Assert.Equal(
            ["message_start", "ping", "content_block_start", "content_block_delta", "content_block_stop",
             "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop"],
            events.Select(e => e.EventType));
        Equal("""{"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}""", events[5].Data);
    }

    [Fact]
    public void Encode_InterleavedToolArguments_EndsWithAnErrorEvent()
    {
        var events = Run(
            new ResponseStarted("msg_1", "claude-x"),
            new BlockStarted(0, BlockKind.ToolCall) { ToolCallId = "call_a", ToolName = "f" },
            new ToolArgumentsDelta(0, "{\"a\":"),
            new BlockStarted(1, BlockKind.ToolCall) { ToolCallId = "call_b", ToolName = "g" },
            new ToolArgumentsDelta(0, "1}"),
            new ResponseFinished(StopReason.ToolUse));

        Assert.Equal("error", events[^1].EventType);
        Equal("""{"type":"error","error":{"type":"api_error","message":"The upstream interleaved the arguments of several tool calls, which an Anthropic stream cannot carry."}}""",
            events[^1].Data);
    }

    [Fact]
    public void Encode_StreamFailedMidBlock_EndsWithTheErrorAndIgnoresTheRest()
    {
        var encoder = new AnthropicStreamEncoder(42);
        var items = new List<SseItem<ReadOnlyMemory<byte>>>();
        foreach (var e in new StreamEvent[]
        {
            new ResponseStarted("msg_1", "claude-x"),
            new BlockStarted(0, BlockKind.Text),
            new TextDelta(0, "Hal"),
            new StreamFailed(new GatewayError(529, "overloaded_error", "Overloaded")),
            new TextDelta(0, "lo"),
            new ResponseFinished(StopReason.EndTurn),
        })
        {
            encoder.Encode(e, items);
        }

        encoder.Complete(items);

        var events = Checked(items);
        Assert.Equal(5, events.Count);
        Assert.Equal("error", events[^1].EventType);
        Equal("""{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""", events[^1].Data);
    }

    [Fact]
    public void Complete_WithoutFinish_AddsAnApiErrorEvent()
    {
        var events = Run(
            new ResponseStarted("msg_1", "claude-x"),
            new BlockStarted(0, BlockKind.Text),
            new TextDelta(0, "Hal"));

        Assert.Equal("error", events[^1].EventType);
        Equal("""{"type":"error","error":{"type":"api_error","message":"upstream ended the stream early"}}""", events[^1].Data);
    }

    [Fact]
    public void Complete_AfterFinish_AddsNothing()
    {
        var events = Run(new ResponseStarted("msg_1", "claude-x"), new ResponseFinished(StopReason.EndTurn));

        Assert.Equal(["message_start", "ping", "message_delta", "message_stop"], events.Select(e => e.EventType));
    }

    [Theory]
    [InlineData(210000L, 200000L, "prompt is too long: 210000 tokens > 200000 maximum")]
    [InlineData(null, null, "prompt is too long: This model's maximum context length is 128000 tokens.")]
    public void Encode_ContextLengthFailure_UsesAnthropicsWording(long? prompt, long? limit, string expected)
    {
        var error = new GatewayError(400, GatewayError.ContextLengthExceeded, "This model's maximum context length is 128000 tokens.")
        {
            PromptTokens = prompt,
            ContextLimit = limit,
        };

        var events = Run(new ResponseStarted("msg_1", "claude-x"), new StreamFailed(error));

        Equal($$$"""{"type":"error","error":{"type":"invalid_request_error","message":"{{{expected}}}"}}""", events[^1].Data);
    }

    [Fact]
    public void Encode_RedactedThinkingAndStopSequence_AreCarried()
    {
        var events = Run(
            new ResponseStarted("msg_1", "claude-x"),
            new BlockStarted(0, BlockKind.RedactedReasoning) { RedactedData = "EmwK" },
            new BlockStopped(0),
            new UsageReported(new TokenUsage(100, 7, 0, 0)),
            new ResponseFinished(StopReason.StopSequence, "###"));

        Equal("""{"type":"content_block_start","index":0,"content_block":{"type":"redacted_thinking","data":"EmwK"}}""", events[2].Data);
        Equal("""
            {"type":"message_delta","delta":{"stop_reason":"stop_sequence","stop_sequence":"###"},
             "usage":{"input_tokens":100,"output_tokens":7,"cache_creation_input_tokens":0,"cache_read_input_tokens":0}}
            """, events[^2].Data);
    }

    [Fact]
    public async Task Encode_WrittenWithSseFormatter_IsWellFormedOnTheWire()
    {
        var encoder = new AnthropicStreamEncoder(5);
        var items = new List<SseItem<ReadOnlyMemory<byte>>>();
        foreach (var e in new StreamEvent[] { new ResponseStarted("x", "m"), new TextDelta(0, "line1\nline2"), new ResponseFinished(StopReason.EndTurn) })
        {
            encoder.Encode(e, items);
        }

        encoder.Complete(items);
        using var stream = new MemoryStream();
        await SseFormatter.WriteAsync(ToAsync(items), stream, static (item, writer) => writer.Write(item.Data.Span));
        var body = Encoding.UTF8.GetString(stream.ToArray());

        AnthropicStreamChecker.AssertWellFormed(body);
        Assert.StartsWith("event: message_start\ndata: {\"type\":\"message_start\"", body, StringComparison.Ordinal);
        Assert.Contains("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"line1\\nline2\"}}\n\n",
            body, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_DecodedAnthropicStream_ReproducesTheUpstreamEvents()
    {
        var (hub, decoder) = AnthropicStreamDecoderTests.Run(
            ("message_start", """{"type":"message_start","message":{"id":"msg_9","type":"message","role":"assistant","model":"claude-x","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":7,"cache_read_input_tokens":3,"output_tokens":1}}}"""),
            ("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"""),
            ("ping", """{"type":"ping"}"""),
            ("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}"""),
            ("content_block_stop", """{"type":"content_block_stop","index":0}"""),
            ("message_delta", """{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":2}}"""),
            ("message_stop", """{"type":"message_stop"}"""));
        decoder.Complete(hub);

        var events = Run([.. hub]);

        AssertEvents(events,
            ("message_start", Start.Replace("msg_1", "msg_9", StringComparison.Ordinal)),
            ("ping", Ping),
            ("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"""),
            ("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}"""),
            ("content_block_stop", """{"type":"content_block_stop","index":0}"""),
            ("message_delta", """
                {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},
                 "usage":{"input_tokens":7,"output_tokens":2,"cache_creation_input_tokens":0,"cache_read_input_tokens":3}}
                """),
            ("message_stop", """{"type":"message_stop"}"""));
    }

    private static List<(string? EventType, string Data)> Run(params StreamEvent[] hubEvents)
    {
        var encoder = new AnthropicStreamEncoder(42);
        var items = new List<SseItem<ReadOnlyMemory<byte>>>();
        foreach (var hubEvent in hubEvents)
        {
            encoder.Encode(hubEvent, items);
        }

        encoder.Complete(items);
        return Checked(items);
    }

    private static void AssertEvents(List<(string? EventType, string Data)> actual, params (string EventType, string Data)[] expected)
    {
        Assert.Equal(expected.Select(e => e.EventType), actual.Select(e => e.EventType));
        for (var i = 0; i < expected.Length; i++)
        {
            Equal(expected[i].Data, actual[i].Data);
        }
    }

    private static async IAsyncEnumerable<SseItem<ReadOnlyMemory<byte>>> ToAsync(List<SseItem<ReadOnlyMemory<byte>>> items)
    {
        foreach (var item in items)
        {
            yield return item;
        }

        await Task.CompletedTask;
    }
}
