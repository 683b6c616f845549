using LlmGateway.Tests.Infrastructure;
using Xunit.Sdk;

namespace LlmGateway.Tests.Unit.Protocols.Responses;

/// <summary>The checker itself: it must reject what Codex and the SDKs reject, or the stream tests prove nothing.</summary>
public class ResponsesStreamCheckerTests
{
    private const string Created = "event: response.created\ndata: {\"type\":\"response.created\",\"sequence_number\":0,\"response\":{\"id\":\"resp_1\",\"status\":\"in_progress\"}}\n\n";
    private const string Added = "event: response.output_item.added\ndata: {\"type\":\"response.output_item.added\",\"sequence_number\":1,\"output_index\":0,\"item\":{\"id\":\"msg_1\",\"type\":\"message\",\"status\":\"in_progress\",\"role\":\"assistant\",\"content\":[]}}\n\n";
    private const string PartAdded = "event: response.content_part.added\ndata: {\"type\":\"response.content_part.added\",\"sequence_number\":2,\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"part\":{\"type\":\"output_text\",\"text\":\"\"}}\n\n";
    private const string Delta = "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"sequence_number\":3,\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"delta\":\"Hi\"}\n\n";
    private const string PartDone = "event: response.content_part.done\ndata: {\"type\":\"response.content_part.done\",\"sequence_number\":4,\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"part\":{\"type\":\"output_text\",\"text\":\"Hi\"}}\n\n";
    private const string Done = "event: response.output_item.done\ndata: {\"type\":\"response.output_item.done\",\"sequence_number\":5,\"output_index\":0,\"item\":{\"id\":\"msg_1\",\"type\":\"message\",\"status\":\"completed\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"Hi\"}]}}\n\n";
    private const string Completed = "event: response.completed\ndata: {\"type\":\"response.completed\",\"sequence_number\":6,\"response\":{\"id\":\"resp_1\",\"status\":\"completed\",\"output\":[{\"id\":\"msg_1\",\"type\":\"message\",\"status\":\"completed\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"Hi\"}]}],\"usage\":{\"input_tokens\":1,\"input_tokens_details\":{\"cached_tokens\":0},\"output_tokens\":1,\"output_tokens_details\":{\"reasoning_tokens\":0},\"total_tokens\":2}}}\n\n";
    private const string Failed = "event: response.failed\ndata: {\"type\":\"response.failed\",\"sequence_number\":4,\"response\":{\"id\":\"resp_1\",\"status\":\"failed\",\"error\":{\"code\":\"server_error\",\"message\":\"x\"}}}\n\n";

    [Fact]
    public void AssertWellFormed_CompleteStream_Passes()
    {
        ResponsesStreamChecker.AssertWellFormed(Created + Added + PartAdded + Delta + PartDone + Done + Completed);
    }

    [Fact]
    public void AssertWellFormed_FailedWithAnItemOpen_Passes()
    {
        ResponsesStreamChecker.AssertWellFormed(Created + Added + PartAdded + Delta + Failed);
    }

    [Theory]
    [InlineData("event name differs from type", Created + "event: response.failed\ndata: {\"type\":\"response.completed\",\"sequence_number\":1,\"response\":{}}\n\n")]
    [InlineData("sequence number skips", Created + Added + Delta)]
    [InlineData("no response.created first", Added)]
    [InlineData("no terminal event", Created + Added + PartAdded + Delta + PartDone + Done)]
    [InlineData("delta before its part was added", Created + Added + "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"sequence_number\":2,\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"delta\":\"Hi\"}\n\n")]
    [InlineData("item done before added", Created + "event: response.output_item.done\ndata: {\"type\":\"response.output_item.done\",\"sequence_number\":1,\"output_index\":0,\"item\":{\"id\":\"msg_1\",\"type\":\"message\"}}\n\n")]
    [InlineData("completed without the done item", Created + Added + "event: response.completed\ndata: {\"type\":\"response.completed\",\"sequence_number\":2,\"response\":{\"id\":\"resp_1\",\"status\":\"completed\",\"output\":[],\"usage\":{\"input_tokens\":1,\"input_tokens_details\":{\"cached_tokens\":0},\"output_tokens\":1,\"output_tokens_details\":{\"reasoning_tokens\":0},\"total_tokens\":2}}}\n\n")]
    [InlineData("event after the terminal event", Created + Added + PartAdded + Delta + Failed + "event: response.completed\ndata: {\"type\":\"response.completed\",\"sequence_number\":5,\"response\":{}}\n\n")]
    [InlineData("response.incomplete as the end", Created + "event: response.incomplete\ndata: {\"type\":\"response.incomplete\",\"sequence_number\":1,\"response\":{\"id\":\"resp_1\"}}\n\n")]
    public void AssertWellFormed_BrokenStream_Fails(string why, string body)
    {
        Assert.False(string.IsNullOrEmpty(why));
        Assert.ThrowsAny<XunitException>(() => ResponsesStreamChecker.AssertWellFormed(body));
    }
}
