using LlmGateway.Protocols.Responses;
using LlmGateway.Translation;

namespace LlmGateway.Tests.Unit.Protocols.Responses;

public class ResponsesCompactionTests
{
    [Fact]
    public void KeptUserMessages_OverTheBudget_KeepsTheMostRecentInOrder()
    {
        var big = new string('x', ResponsesCompaction.KeptUserTokens * 5);
        List<CanonicalMessage> messages =
        [
            new(ChatRole.User, [new TextPart("oldest")]),
            new(ChatRole.User, [new TextPart(big)]),
            new(ChatRole.Assistant, [new TextPart("ok")]),
            new(ChatRole.User, [new TextPart("recent 1")]),
            new(ChatRole.Tool, [new ToolResultPart("c1", [new TextPart("result")], false)]),
            new(ChatRole.User, [new TextPart("recent 2")]),
        ];

        var kept = ResponsesCompaction.KeptUserMessages(messages);

        Assert.Equal(["recent 1", "recent 2"], kept.Select(m => ((TextPart)m.Parts[0]).Text));
    }

    [Fact]
    public void PrepareSummaryRequest_ToolsAndStream_NonStreamNoToolCallsBuiltInsDroppedInstructionAndRequestAdded()
    {
        var request = new CanonicalRequest { Source = WireFormat.OpenAIResponses, Model = "m", Stream = true, ToolChoice = new ToolChoice(ToolChoiceMode.Required) };
        request.Tools.Add(new ToolDefinition("shell", null));
        request.Tools.Add(new ToolDefinition("web_search", null) { BuiltInType = "web_search" });
        request.Messages.Add(new CanonicalMessage(ChatRole.User, [new TextPart("Hi")]));

        ResponsesCompaction.PrepareSummaryRequest(request);

        Assert.False(request.Stream);
        Assert.Equal(["shell"], request.Tools.Select(t => t.Name));
        Assert.Equal(ToolChoiceMode.None, request.ToolChoice!.Mode);
        Assert.Equal([ChatRole.User, ChatRole.System, ChatRole.User], request.Messages.Select(m => m.Role));
        Assert.Equal(ResponsesCompaction.Instruction, ((TextPart)request.Messages[1].Parts[0]).Text);
    }
}
