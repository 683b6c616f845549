using System.Text;
using LlmGateway.Protocols.OpenAI;
using LlmGateway.Translation;
using LlmGateway.Usage;

namespace LlmGateway.Tests.Unit.Protocols.OpenAI;

public class OpenAIStreamDecoderTests
{
    private const string Head = """{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":""";

    [Fact]
    public void Decode_TextStreamWithUsage_EmitsExactEvents()
    {
        var decoder = new OpenAIStreamDecoder();

        var events = Run(decoder,
            Head + """[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}],"usage":null}""",
            Head + """[{"index":0,"delta":{"content":"Hel"},"finish_reason":null}],"usage":null}""",
            Head + """[{"index":0,"delta":{"content":"lo"},"finish_reason":null}],"usage":null}""",
            Head + """[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":null}""",
            Head + """[],"usage":{"prompt_tokens":9,"completion_tokens":2,"total_tokens":11,"prompt_tokens_details":{"cached_tokens":4},"completion_tokens_details":{"reasoning_tokens":0}}}""",
            "[DONE]");

        Assert.Equal(
        [
            new ResponseStarted("chatcmpl-1", "gpt-4o"),
            new BlockStarted(0, BlockKind.Text),
            new TextDelta(0, "Hel"),
            new TextDelta(0, "lo"),
            new BlockStopped(0),
            new UsageReported(new TokenUsage(9, 2, 4, 0)),
            new ResponseFinished(StopReason.EndTurn),
        ], events);
        Assert.True(decoder.Finished);
    }

    [Fact]
    public void Decode_ReasoningThenText_OpensOneBlockPerKind()
    {
        var events = Run(new OpenAIStreamDecoder(),
            Head + """[{"index":0,"delta":{"role":"assistant","content":null,"reasoning_content":"Think"}}]}""",
            Head + """[{"index":0,"delta":{"reasoning_content":"ing."}}]}""",
            Head + """[{"index":0,"delta":{"content":"Answer","reasoning_content":null}}]}""",
            Head + """[{"index":0,"delta":{},"finish_reason":"length"}]}""",
            "[DONE]");

        Assert.Equal(
        [
            new ResponseStarted("chatcmpl-1", "gpt-4o"),
            new BlockStarted(0, BlockKind.Reasoning),
            new ReasoningDelta(0, "Think"),
            new ReasoningDelta(0, "ing."),
            new BlockStopped(0),
            new BlockStarted(1, BlockKind.Text),
            new TextDelta(1, "Answer"),
            new BlockStopped(1),
            new ResponseFinished(StopReason.MaxTokens),
        ], events);
    }

    [Fact]
    public void Decode_ReasoningFieldAndBothFields_ReadsReasoningOnce()
    {
        var events = Run(new OpenAIStreamDecoder(),
            Head + """[{"index":0,"delta":{"reasoning":"a"}}]}""",
            Head + """[{"index":0,"delta":{"reasoning":"dup","reasoning_content":"b"}}]}""",
            Head + """[{"index":0,"delta":{},"finish_reason":"stop"}]}""");

        Assert.Equal(
        [
            new ResponseStarted("chatcmpl-1", "gpt-4o"),
            new BlockStarted(0, BlockKind.Reasoning),
            new ReasoningDelta(0, "a"),
            new ReasoningDelta(0, "b"),
            new BlockStopped(0),
        ], events);
    }

    [Fact]
    public void Decode_ParallelToolCallsWithSplitArguments_EmitsSequentialBlocksAndExactFragments()
    {
        var events = Run(new OpenAIStreamDecoder(),
            Head + """[{"index":0,"delta":{"role":"assistant","content":"Checking."}}]}""",
            Head + """[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"get_weather","arguments":""}}]}}]}""",
            Head + """[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"ci"}}]}}]}""",
            Head + """[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"ty\": \"Par"}}]}}]}""",
            Head + """[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"is\"}"}}]}}]}""",
            Head + """[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"call_b","type":"function","function":{"name":"get_weather","arguments":"{\"city\""}}]}}]}""",
            Head + """[{"index":0,"delta":{"tool_calls":[{"index":1,"function":{"arguments":": \"Rome\"}"}}]}}]}""",
            Head + """[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}""",
            "[DONE]");

        Assert.Equal(
        [
            new ResponseStarted("chatcmpl-1", "gpt-4o"),
            new BlockStarted(0, BlockKind.Text),
            new TextDelta(0, "Checking."),
            new BlockStopped(0),
            new BlockStarted(1, BlockKind.ToolCall) { ToolCallId = "call_a", ToolName = "get_weather" },
            new ToolArgumentsDelta(1, "{\"ci"),
            new ToolArgumentsDelta(1, "ty\": \"Par"),
            new ToolArgumentsDelta(1, "is\"}"),
            new BlockStopped(1),
            new BlockStarted(2, BlockKind.ToolCall) { ToolCallId = "call_b", ToolName = "get_weather" },
            new ToolArgumentsDelta(2, "{\"city\""),
            new ToolArgumentsDelta(2, ": \"Rome\"}"),
            new BlockStopped(2),
            new ResponseFinished(StopReason.ToolUse),
        ], events);
        Assert.Equal("""{"city": "Paris"}""", string.Concat(events.OfType<ToolArgumentsDelta>().Where(d => d.Index == 1).Select(d => d.Json)));
        Assert.Equal("""{"city": "Rome"}""", string.Concat(events.OfType<ToolArgumentsDelta>().Where(d => d.Index == 2).Select(d => d.Json)));
    }

    [Fact]
    public void Decode_InterleavedToolArguments_FailsWithoutCorruptingTheCall()
    {
        var decoder = new OpenAIStreamDecoder();

        var events = Run(decoder,
            Head + """[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_a","function":{"name":"f","arguments":"{\"a\""}}]}}]}""",
            Head + """[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"call_b","function":{"name":"g","arguments":"{}"}}]}}]}""",
            Head + """[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":":1}"}}]}}]}""",
            Head + """[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}""",
            "[DONE]");

        Assert.Equal(
        [
            new ResponseStarted("chatcmpl-1", "gpt-4o"),
            new BlockStarted(0, BlockKind.ToolCall) { ToolCallId = "call_a", ToolName = "f" },
            new ToolArgumentsDelta(0, "{\"a\""),
            new BlockStopped(0),
            new BlockStarted(1, BlockKind.ToolCall) { ToolCallId = "call_b", ToolName = "g" },
            new ToolArgumentsDelta(1, "{}"),
        ], events[..6]);
        var failure = Assert.IsType<StreamFailed>(events[6]).Error;
        Assert.Equal((502, "upstream_interleaved_tool_calls"), (failure.Status, failure.Code));
        Assert.Equal(7, events.Count);
        decoder.Complete(events);
        Assert.Equal(7, events.Count);
    }

    [Fact]
    public void Decode_ToolCallsWithoutIndexOrWithRepeatedIndex_SeparatesCallsById()
    {
        var events = Run(new OpenAIStreamDecoder(),
            Head + """[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"a","function":{"name":"f","arguments":"{}"}}]}}]}""",
            Head + """[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"b","function":{"name":"g","arguments":"{\"x\":1}"}}]}}]}""",
            Head + """[{"delta":{"tool_calls":[{"id":"c","function":{"name":"h"}}]}}]}""",
            Head + """[{"delta":{"tool_calls":[{"function":{"arguments":"{}"}}]},"finish_reason":"stop"}]}""");

        Assert.Equal(
        [
            new ResponseStarted("chatcmpl-1", "gpt-4o"),
            new BlockStarted(0, BlockKind.ToolCall) { ToolCallId = "a", ToolName = "f" },
            new ToolArgumentsDelta(0, "{}"),
            new BlockStopped(0),
            new BlockStarted(1, BlockKind.ToolCall) { ToolCallId = "b", ToolName = "g" },
            new ToolArgumentsDelta(1, "{\"x\":1}"),
            new BlockStopped(1),
            new BlockStarted(2, BlockKind.ToolCall) { ToolCallId = "c", ToolName = "h" },
            new ToolArgumentsDelta(2, "{}"),
            new BlockStopped(2),
        ], events);
    }

    [Fact]
    public void Decode_StopReasonStopAfterToolCalls_IsToolUse()
    {
        var decoder = new OpenAIStreamDecoder();
        var events = Run(decoder,
            Head + """[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"a","function":{"name":"f","arguments":"{}"}}]}}]}""",
            Head + """[{"index":0,"delta":{},"finish_reason":"stop"}]}""");

        decoder.Complete(events);

        Assert.Equal(new ResponseFinished(StopReason.ToolUse), events[^1]);
    }

    [Fact]
    public void Decode_ContentFilter_IsRefusal()
    {
        var events = Run(new OpenAIStreamDecoder(),
            Head + """[{"index":0,"delta":{"content":"x"},"finish_reason":"content_filter"}]}""",
            "[DONE]");

        Assert.Equal(new ResponseFinished(StopReason.Refusal), events[^1]);
    }

    [Fact]
    public void Decode_UsageOnFinishChunk_ReportedAfterBlockCloses()
    {
        var events = Run(new OpenAIStreamDecoder(),
            Head + """[{"index":0,"delta":{"content":"Hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":1}}""",
            "[DONE]");

        Assert.Equal(
        [
            new ResponseStarted("chatcmpl-1", "gpt-4o"),
            new BlockStarted(0, BlockKind.Text),
            new TextDelta(0, "Hi"),
            new BlockStopped(0),
            new UsageReported(new TokenUsage(3, 1, 0, 0)),
            new ResponseFinished(StopReason.EndTurn),
        ], events);
    }

    [Fact]
    public void Decode_AzurePromptFilterChunkFirst_IsSkipped()
    {
        var events = Run(new OpenAIStreamDecoder(),
            """{"choices":[],"created":0,"id":"","model":"","object":"","prompt_filter_results":[{"prompt_index":0,"content_filter_results":{}}]}""",
            """{"choices":[{"delta":{"content":"","role":"assistant"},"finish_reason":null,"index":0}],"created":2,"id":"chatcmpl-az","model":"gpt-4o-2024","object":"chat.completion.chunk"}""",
            """{"choices":[{"delta":{"content":"Yo"},"finish_reason":null,"index":0}],"created":2,"id":"chatcmpl-az","model":"gpt-4o-2024","object":"chat.completion.chunk"}""");

        Assert.Equal(
        [
            new ResponseStarted("chatcmpl-az", "gpt-4o-2024"),
            new BlockStarted(0, BlockKind.Text),
            new TextDelta(0, "Yo"),
        ], events);
    }

    [Theory]
    [InlineData("""{"error":{"message":"Overloaded","type":"server_error","code":null}}""", 502, "server_error")]
    [InlineData("""{"error":{"message":"Overloaded","code":429}}""", 429, "upstream_error")]
    [InlineData("""{"error":{"message":"Overloaded","type":"invalid_request_error","code":"context_length_exceeded"}}""", 400, "context_length_exceeded")]
    public void Decode_ErrorChunkMidStream_FailsWithItsMessage(string chunk, int status, string code)
    {
        var decoder = new OpenAIStreamDecoder();

        var events = Run(decoder, Head + """[{"index":0,"delta":{"content":"Hel"}}]}""", chunk, "[DONE]");

        Assert.Equal(4, events.Count);
        var error = Assert.IsType<StreamFailed>(events[3]).Error;
        Assert.Equal((status, code, "Overloaded"), (error.Status, error.Code, error.Message));
        Assert.False(decoder.Finished);
    }

    [Fact]
    public void Decode_InvalidJsonChunk_FailsWithoutEmittingPartOfIt()
    {
        var events = Run(new OpenAIStreamDecoder(), Head + """[{"index":0,"delta":{"content":"ok"}}]}""", Head + """[{"index":0,"delta":{"content":"x"}""");

        Assert.Equal(4, events.Count);
        Assert.Equal("upstream_invalid_chunk", Assert.IsType<StreamFailed>(events[3]).Error.Code);
    }

    [Fact]
    public void Complete_FinishSeenWithoutDone_Finishes()
    {
        var decoder = new OpenAIStreamDecoder();
        var events = Run(decoder, Head + """[{"index":0,"delta":{"content":"x"}}]}""", Head + """[{"index":0,"delta":{},"finish_reason":"stop"}]}""");
        Assert.False(decoder.Finished); // the usage chunk and [DONE] may still come

        decoder.Complete(events);

        Assert.Equal(new ResponseFinished(StopReason.EndTurn), events[^1]);
        Assert.Equal(5, events.Count);
    }

    [Fact]
    public void Complete_StreamCutBeforeFinish_FailsAsTruncated()
    {
        var decoder = new OpenAIStreamDecoder();
        var events = Run(decoder, Head + """[{"index":0,"delta":{"content":"x"}}]}""");

        decoder.Complete(events);

        var error = Assert.IsType<StreamFailed>(events[^1]).Error;
        Assert.Equal((502, "upstream_stream_truncated"), (error.Status, error.Code));
        Assert.False(decoder.Finished);
    }

    [Fact]
    public void Decode_DoneBeforeAnyChunk_FailsAsTruncated()
    {
        var events = Run(new OpenAIStreamDecoder(), "[DONE]");

        Assert.Equal("upstream_stream_truncated", Assert.IsType<StreamFailed>(Assert.Single(events)).Error.Code);
    }

    [Fact]
    public void Decode_DoneWithoutFinishReason_FinishesAsEndTurn()
    {
        var events = Run(new OpenAIStreamDecoder(), Head + """[{"index":0,"delta":{"content":"x"}}]}""", "[DONE]", Head + """[{"index":0,"delta":{"content":"late"}}]}""");

        Assert.Equal([new BlockStopped(0), new ResponseFinished(StopReason.EndTurn)], events[^2..]);
    }

    private static List<StreamEvent> Run(OpenAIStreamDecoder decoder, params string[] frames)
    {
        var events = new List<StreamEvent>();
        foreach (var frame in frames)
        {
            decoder.Decode(null, Encoding.UTF8.GetBytes(frame), events);
        }

        return events;
    }
}
