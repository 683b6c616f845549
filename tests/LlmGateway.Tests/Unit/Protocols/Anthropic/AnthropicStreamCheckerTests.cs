using LlmGateway.Tests.Infrastructure;
using Xunit.Sdk;

namespace LlmGateway.Tests.Unit.Protocols.Anthropic;

/// <summary>The checker itself: it must reject what the SDKs reject, or the encoder tests prove nothing.</summary>
public class AnthropicStreamCheckerTests
{
    private const string Start = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":1,\"output_tokens\":0}}}\n\n";
    private const string TextStart0 = "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n";
    private const string TextDelta0 = "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"a\"}}\n\n";
    private const string Stop0 = "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n";
    private const string Delta = "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":1}}\n\n";
    private const string MessageStop = "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
    private const string Ping = "event: ping\ndata: {\"type\":\"ping\"}\n\n";
    private const string Error = "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"x\"}}\n\n";

    [Fact]
    public void AssertWellFormed_CompleteStream_Passes()
    {
        AnthropicStreamChecker.AssertWellFormed(Start + Ping + TextStart0 + Ping + TextDelta0 + Stop0 + Delta + MessageStop);
    }

    [Fact]
    public void AssertWellFormed_ErrorMidBlock_Passes()
    {
        AnthropicStreamChecker.AssertWellFormed(Start + TextStart0 + TextDelta0 + Error);
    }

    [Theory]
    [InlineData("missing event name", Start + "data: {\"type\":\"message_stop\"}\n\n")]
    [InlineData("no message_start", TextStart0 + Stop0 + Delta + MessageStop)]
    [InlineData("delta before start", Start + TextDelta0 + Stop0 + Delta + MessageStop)]
    [InlineData("block not stopped", Start + TextStart0 + Delta + MessageStop)]
    [InlineData("index skips", Start + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n" + Delta + MessageStop)]
    [InlineData("wrong delta kind", Start + TextStart0 + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{}\"}}\n\n" + Stop0 + Delta + MessageStop)]
    [InlineData("no message_delta", Start + MessageStop)]
    [InlineData("two message_delta", Start + Delta + Delta + MessageStop)]
    [InlineData("event after message_stop", Start + Delta + MessageStop + Ping)]
    [InlineData("no terminator", Start + TextStart0 + Stop0)]
    [InlineData("event after error", Start + Error + MessageStop)]
    public void AssertWellFormed_BrokenStream_Fails(string why, string body)
    {
        Assert.False(string.IsNullOrEmpty(why));
        Assert.ThrowsAny<XunitException>(() => AnthropicStreamChecker.AssertWellFormed(body));
    }
}
