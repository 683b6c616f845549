using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json.Nodes;
using LlmGateway.Http;
using LlmGateway.Protocols.Responses;
using LlmGateway.Tests.Infrastructure;
using LlmGateway.Translation;

namespace LlmGateway.Tests.Unit.Protocols.Responses;

public class ResponsesStreamEncoderTests
{
    [Fact]
    public void Encode_EmptyTextBlock_NoMessageItem()
    {
        var events = Run(new ResponseStarted("r1", "m"), new BlockStarted(0, BlockKind.Text), new TextDelta(0, ""), new BlockStopped(0), new ResponseFinished(StopReason.EndTurn));

        Assert.Equal(["response.created", "response.in_progress", "response.completed"], events.Select(e => e.EventType));
        Assert.Empty(JsonNode.Parse(events[^1].Data)!["response"]!["output"]!.AsArray());
    }

    [Fact]
    public void Encode_FailureBeforeAnyEvent_CreatedThenFailed()
    {
        var events = Run(new StreamFailed(new GatewayError(502, "upstream_stream_error", "broke")));

        Assert.Equal(["response.created", "response.in_progress", "response.failed"], events.Select(e => e.EventType));
    }

    [Fact]
    public void Complete_WithoutFinish_EndsWithResponseFailed()
    {
        var encoder = new ResponsesStreamEncoder(1, 0);
        var output = new List<SseItem<ReadOnlyMemory<byte>>>();
        encoder.Encode(new ResponseStarted("r1", "m"), output);
        encoder.Encode(new BlockStarted(0, BlockKind.Text), output);
        encoder.Encode(new TextDelta(0, "Hi"), output);

        encoder.Complete(output);

        var body = Sse(output);
        ResponsesStreamChecker.AssertWellFormed(body);
        Assert.Equal("server_error", JsonNode.Parse(output[^1].Data.Span)!["response"]!["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public void Encode_ArgumentsForAToolCallThatIsNotOpen_ResponseFailed()
    {
        var events = Run(
            new ResponseStarted("r1", "m"),
            new BlockStarted(0, BlockKind.ToolCall) { ToolCallId = "c1", ToolName = "f" },
            new BlockStopped(0),
            new ToolArgumentsDelta(0, "{}"));

        Assert.Equal("response.failed", events[^1].EventType);
    }

    [Fact]
    public void Encode_NoUsageReported_CompletedCarriesTheEstimatedInputTokens()
    {
        var events = Run(new ResponseStarted("r1", "m"), new ResponseFinished(StopReason.EndTurn));

        var usage = JsonNode.Parse(events[^1].Data)!["response"]!["usage"]!;
        Assert.Equal((17, 0, 17), (usage["input_tokens"]!.GetValue<int>(), usage["output_tokens"]!.GetValue<int>(), usage["total_tokens"]!.GetValue<int>()));
    }

    private static List<SseItem<string>> Run(params StreamEvent[] hubEvents)
    {
        var encoder = new ResponsesStreamEncoder(1760000000, 17);
        var output = new List<SseItem<ReadOnlyMemory<byte>>>();
        foreach (var hubEvent in hubEvents)
        {
            encoder.Encode(hubEvent, output);
        }

        encoder.Complete(output);
        var body = Sse(output);
        ResponsesStreamChecker.AssertWellFormed(body);
        return Golden.GoldenAssert.Parse(body);
    }

    private static string Sse(List<SseItem<ReadOnlyMemory<byte>>> items)
    {
        var text = new StringBuilder();
        foreach (var item in items)
        {
            text.Append("event: ").Append(item.EventType).Append("\ndata: ").Append(Encoding.UTF8.GetString(item.Data.Span)).Append("\n\n");
        }

        return text.ToString();
    }
}
