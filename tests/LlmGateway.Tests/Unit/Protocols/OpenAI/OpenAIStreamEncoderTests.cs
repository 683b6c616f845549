using System.Buffers;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json.Nodes;
using LlmGateway.Http;
using LlmGateway.Protocols.OpenAI;
using LlmGateway.Translation;
using LlmGateway.Usage;

namespace LlmGateway.Tests.Unit.Protocols.OpenAI;

public class OpenAIStreamEncoderTests
{
    private const string Head = """{"id":"msg_1","object":"chat.completion.chunk","created":1700000000,"model":"claude-x","choices":""";

    [Fact]
    public void Encode_TextStreamWithoutUsage_WritesExactChunksAndDone()
    {
        var frames = Run(new OpenAIStreamEncoder(includeUsage: false, created: 1700000000),
            new ResponseStarted("msg_1", "claude-x"),
            new BlockStarted(0, BlockKind.Text),
            new TextDelta(0, "Hel"),
            new TextDelta(0, "lo"),
            new BlockStopped(0),
            new UsageReported(new TokenUsage(10, 2, 0, 0)),
            new ResponseFinished(StopReason.EndTurn));

        AssertFrames(
        [
            Head + """[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}""",
            Head + """[{"index":0,"delta":{"content":"Hel"},"finish_reason":null}]}""",
            Head + """[{"index":0,"delta":{"content":"lo"},"finish_reason":null}]}""",
            Head + """[{"index":0,"delta":{},"finish_reason":"stop"}]}""",
            "[DONE]",
        ], frames);
    }

    [Fact]
    public void Encode_IncludeUsage_NullUsageOnEveryChunkThenUsageChunk()
    {
        var frames = Run(new OpenAIStreamEncoder(includeUsage: true, created: 1700000000),
            new ResponseStarted("msg_1", "claude-x"),
            new UsageReported(new TokenUsage(10, 1, 0, 0)),
            new BlockStarted(0, BlockKind.Text),
            new TextDelta(0, "Hi"),
            new BlockStopped(0),
            new UsageReported(new TokenUsage(Input: 120, Output: 45, Cached: 100, Reasoning: 0, CacheWrite: 20)),
            new ResponseFinished(StopReason.MaxTokens));

        AssertFrames(
        [
            Head + """[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}],"usage":null}""",
            Head + """[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}],"usage":null}""",
            Head + """[{"index":0,"delta":{},"finish_reason":"length"}],"usage":null}""",
            Head + """[],"usage":{"prompt_tokens":120,"completion_tokens":45,"total_tokens":165,"prompt_tokens_details":{"cached_tokens":100},"completion_tokens_details":{"reasoning_tokens":0}}}""",
            "[DONE]",
        ], frames);
    }

    [Fact]
    public void Encode_ReasoningWithSignatureAndRedaction_SendsReasoningContentThenCompleteThinkingBlocks()
    {
        var frames = Run(new OpenAIStreamEncoder(includeUsage: false, created: 1700000000),
            new ResponseStarted("msg_1", "claude-x"),
            new BlockStarted(0, BlockKind.Reasoning),
            new ReasoningDelta(0, "Let me "),
            new ReasoningDelta(0, "think."),
            new SignatureDelta(0, "EqQBCkYIBxgC"),
            new BlockStopped(0),
            new BlockStarted(1, BlockKind.RedactedReasoning) { RedactedData = "EmwKAhgB" },
            new BlockStopped(1),
            new BlockStarted(2, BlockKind.Text),
            new TextDelta(2, "42"),
            new BlockStopped(2),
            new ResponseFinished(StopReason.EndTurn));

        AssertFrames(
        [
            Head + """[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}""",
            Head + """[{"index":0,"delta":{"reasoning_content":"Let me "},"finish_reason":null}]}""",
            Head + """[{"index":0,"delta":{"reasoning_content":"think."},"finish_reason":null}]}""",
            Head + """[{"index":0,"delta":{"thinking_blocks":[{"type":"thinking","thinking":"Let me think.","signature":"EqQBCkYIBxgC"}]},"finish_reason":null}]}""",
            Head + """[{"index":0,"delta":{"thinking_blocks":[{"type":"redacted_thinking","data":"EmwKAhgB"}]},"finish_reason":null}]}""",
            Head + """[{"index":0,"delta":{"content":"42"},"finish_reason":null}]}""",
            Head + """[{"index":0,"delta":{},"finish_reason":"stop"}]}""",
            "[DONE]",
        ], frames);
    }

    [Fact]
    public void Encode_TextThenParallelToolCalls_IndexesCountToolCallsFromZero()
    {
        var frames = Run(new OpenAIStreamEncoder(includeUsage: false, created: 1700000000),
            new ResponseStarted("msg_1", "claude-x"),
            new BlockStarted(0, BlockKind.Text),
            new TextDelta(0, "Checking."),
            new BlockStopped(0),
            new BlockStarted(1, BlockKind.ToolCall) { ToolCallId = "toolu_a", ToolName = "get_weather" },
            new ToolArgumentsDelta(1, "{\"city\": \"Pa"),
            new ToolArgumentsDelta(1, "ris\"}"),
            new BlockStopped(1),
            new BlockStarted(2, BlockKind.ToolCall) { ToolCallId = "toolu_b", ToolName = "get_time" },
            new ToolArgumentsDelta(2, ""),
            new BlockStopped(2),
            new ResponseFinished(StopReason.ToolUse));

        AssertFrames(
        [
            Head + """[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}""",
            Head + """[{"index":0,"delta":{"content":"Checking."},"finish_reason":null}]}""",
            Head + """[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"toolu_a","type":"function","function":{"name":"get_weather","arguments":""}}]},"finish_reason":null}]}""",
            Head + """[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\": \"Pa"}}]},"finish_reason":null}]}""",
            Head + """[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"ris\"}"}}]},"finish_reason":null}]}""",
            Head + """[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"toolu_b","type":"function","function":{"name":"get_time","arguments":""}}]},"finish_reason":null}]}""",
            Head + """[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}""",
            "[DONE]",
        ], frames);
    }

    [Fact]
    public void Encode_StreamFailed_WritesErrorFrameThenDoneAndIgnoresTheRest()
    {
        var frames = Run(new OpenAIStreamEncoder(includeUsage: true, created: 1700000000),
            new ResponseStarted("msg_1", "claude-x"),
            new BlockStarted(0, BlockKind.Text),
            new TextDelta(0, "Hel"),
            new StreamFailed(new GatewayError(529, "overloaded_error", "Overloaded")),
            new TextDelta(0, "lo"),
            new ResponseFinished(StopReason.EndTurn));

        AssertFrames(
        [
            Head + """[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}],"usage":null}""",
            Head + """[{"index":0,"delta":{"content":"Hel"},"finish_reason":null}],"usage":null}""",
            """{"error":{"message":"Overloaded","type":"server_error","param":null,"code":"overloaded_error"}}""",
            "[DONE]",
        ], frames);
    }

    [Fact]
    public void Complete_WithoutFinishOrFailure_WritesInBandErrorBeforeDone()
    {
        var encoder = new OpenAIStreamEncoder(includeUsage: false, created: 1700000000);
        var frames = Run(encoder, new ResponseStarted("msg_1", "claude-x"), new BlockStarted(0, BlockKind.Text), new TextDelta(0, "Hel"));

        Assert.Equal(4, frames.Count);
        Assert.Contains("\"code\":\"upstream_stream_truncated\"", frames[2], StringComparison.Ordinal);
        Assert.StartsWith("{\"error\":{", frames[2], StringComparison.Ordinal);
        Assert.Equal("[DONE]", frames[3]);
    }

    [Fact]
    public async Task Encode_FormattedAsSse_HasDataLinesOnly()
    {
        var encoder = new OpenAIStreamEncoder(includeUsage: true, created: 1);
        var items = new List<SseItem<ReadOnlyMemory<byte>>>();
        encoder.Encode(new ResponseStarted("a", "b"), items);
        encoder.Encode(new ResponseFinished(StopReason.EndTurn), items);
        encoder.Complete(items);
        encoder.Complete(items);
        using var stream = new MemoryStream();

        await SseFormatter.WriteAsync(items.ToAsyncEnumerable(), stream, static (item, writer) => writer.Write(item.Data.Span));

        var lines = Encoding.UTF8.GetString(stream.ToArray()).Split('\n');
        Assert.Equal(9, lines.Length);
        Assert.All(lines, line => Assert.True(line.Length == 0 || line.StartsWith("data: ", StringComparison.Ordinal), line));
        Assert.Equal("data: [DONE]", lines[6]);
    }

    [Fact]
    public void DecoderThenEncoder_SplitToolArguments_ReachTheClientExactly()
    {
        var decoder = new OpenAIStreamDecoder();
        var encoder = new OpenAIStreamEncoder(includeUsage: false, created: 9);
        var events = new List<StreamEvent>();
        string[] upstream =
        [
            """{"id":"c1","model":"qwen","choices":[{"index":0,"delta":{"role":"assistant","tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"edit","arguments":"{\"path\":\"a.txt\",\"text\":\"h"}}]}}]}""",
            """{"id":"c1","model":"qwen","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"é\\n\"}"}}]}}]}""",
            """{"id":"c1","model":"qwen","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}""",
            "[DONE]",
        ];
        foreach (var frame in upstream)
        {
            decoder.Decode(null, Encoding.UTF8.GetBytes(frame), events);
        }

        var frames = Run(encoder, [.. events]);

        var arguments = string.Concat(frames.Where(f => f.Contains("\"arguments\"", StringComparison.Ordinal))
            .Select(f => JsonNode.Parse(f)!["choices"]![0]!["delta"]!["tool_calls"]![0]!["function"]!["arguments"]!.GetValue<string>()));
        Assert.Equal("{\"path\":\"a.txt\",\"text\":\"hé\\n\"}", arguments);
        Assert.Equal(6, frames.Count);
    }

    private static List<string> Run(OpenAIStreamEncoder encoder, params StreamEvent[] events)
    {
        var items = new List<SseItem<ReadOnlyMemory<byte>>>();
        foreach (var streamEvent in events)
        {
            encoder.Encode(streamEvent, items);
        }

        encoder.Complete(items);
        return items.ConvertAll(item => Encoding.UTF8.GetString(item.Data.Span));
    }

    private static void AssertFrames(string[] expected, List<string> actual)
    {
        Assert.Equal(expected.Length, actual.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            if (expected[i] == "[DONE]")
            {
                Assert.Equal("[DONE]", actual[i]);
            }
            else
            {
                OpenAIChatCodecEncodeRequestTests.AssertJson(expected[i], actual[i]);
            }
        }
    }
}
