using System.Text;
using LlmGateway.Protocols.Responses;
using LlmGateway.Tests.Infrastructure;
using LlmGateway.Translation;

namespace LlmGateway.Tests.Unit.Protocols.Responses;

public class ResponsesStreamDecoderTests
{
    [Fact]
    public void Decode_TextStream_TracksTheResponseIdModelAndLastSequenceNumber()
    {
        var decoder = new ResponsesStreamDecoder();
        var events = new List<StreamEvent>();

        foreach (var data in CannedResponses.TextStream("resp_track")[..6])
        {
            decoder.Decode(null, Encoding.UTF8.GetBytes(data), events);
        }

        Assert.Equal(("resp_track", CannedResponses.UpstreamModel, 5), (decoder.ResponseId, decoder.Model, decoder.LastSequence));
        Assert.Equal("Hello", string.Concat(events.OfType<TextDelta>().Select(d => d.Text)));
        Assert.False(decoder.Finished);
    }

    [Fact]
    public void Decode_FunctionCallArgumentsOnlyInDone_OneArgumentsDelta()
    {
        var decoder = new ResponsesStreamDecoder();
        var events = new List<StreamEvent>();
        string[] frames =
        [
            """{"type":"response.created","sequence_number":0,"response":{"id":"resp_1","model":"m"}}""",
            """{"type":"response.output_item.added","sequence_number":1,"output_index":0,"item":{"id":"fc_1","type":"function_call","call_id":"call_1","name":"f","arguments":""}}""",
            """{"type":"response.function_call_arguments.done","sequence_number":2,"item_id":"fc_1","output_index":0,"arguments":"{\"a\":1}"}""",
            """{"type":"response.output_item.done","sequence_number":3,"output_index":0,"item":{"id":"fc_1","type":"function_call","call_id":"call_1","name":"f","arguments":"{\"a\":1}"}}""",
            """{"type":"response.completed","sequence_number":4,"response":{"id":"resp_1","status":"completed","usage":{"input_tokens":1,"output_tokens":2,"total_tokens":3}}}""",
        ];

        foreach (var frame in frames)
        {
            decoder.Decode(null, Encoding.UTF8.GetBytes(frame), events);
        }

        Assert.Equal("{\"a\":1}", Assert.Single(events.OfType<ToolArgumentsDelta>()).Json);
        Assert.Equal(StopReason.ToolUse, Assert.IsType<ResponseFinished>(events[^1]).Reason);
        Assert.True(decoder.Finished);
    }

    [Fact]
    public void Complete_AfterAnErrorEventWithoutTerminal_FailsWithThatError()
    {
        var decoder = new ResponsesStreamDecoder();
        var events = new List<StreamEvent>();
        decoder.Decode(null, """{"type":"response.created","sequence_number":0,"response":{"id":"resp_1","model":"m"}}"""u8, events);
        decoder.Decode(null, """{"type":"error","sequence_number":1,"code":"insufficient_quota","message":"You exceeded your current quota."}"""u8, events);

        decoder.Complete(events);

        var failed = Assert.IsType<StreamFailed>(events[^1]);
        Assert.Equal((402, "insufficient_quota"), (failed.Error.Status, failed.Error.Code));
    }
}
