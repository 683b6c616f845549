using System.Text.Json;
using LlmGateway.Providers.Mock;
using LlmGateway.Translation;

namespace LlmGateway.Tests.Unit.Providers.Mock;

public sealed class MockResponderTests
{
    private readonly MockResponder _mock = new(TimeProvider.System);

    [Fact]
    public void Respond_PlainConversation_EchoesLastUserTextAndEndsTurn()
    {
        var request = Request(User("first"), Assistant("ok"), User("say", "it back"));

        var response = _mock.Respond(request, "echo", null);

        Assert.Equal("say it back", Assert.IsType<TextPart>(Assert.Single(response.Content)).Text);
        Assert.Equal(StopReason.EndTurn, response.StopReason);
        Assert.Equal(3, response.Usage.Output);
        Assert.Equal(TokenEstimator.Estimate(request), response.Usage.Input);
    }

    [Fact]
    public void Respond_StopSequenceInText_CutsThereAndReportsIt()
    {
        var request = Request(User("alpha beta STOP gamma"));
        request.StopSequences.Add("STOP");

        var response = _mock.Respond(request, "echo", null);

        Assert.Equal("alpha beta ", ((TextPart)response.Content[0]).Text);
        Assert.Equal(StopReason.StopSequence, response.StopReason);
        Assert.Equal("STOP", response.StopSequence);
    }

    [Fact]
    public void Respond_MaxTokens_CutsAtLimitWithMaxTokens()
    {
        var request = Request(User("a b c d e"));
        request.MaxTokens = 2;

        var response = _mock.Respond(request, "echo", null);

        Assert.Equal("a b", ((TextPart)response.Content[0]).Text);
        Assert.Equal(StopReason.MaxTokens, response.StopReason);
    }

    [Fact]
    public void Respond_FixedReply_WinsOverEcho()
    {
        var response = _mock.Respond(Request(User("anything")), "echo", "Always this.");

        Assert.Equal("Always this.", ((TextPart)response.Content[0]).Text);
    }

    [Fact]
    public void Respond_PromptNamesOfferedTool_CallsItWithRequiredArgumentsFilled()
    {
        var request = Request(User("please get_weather now"));
        request.Tools.Add(Tool("get_weather", """{"type":"object","properties":{"city":{"type":"string"},"days":{"type":"integer"},"metric":{"type":"boolean"}},"required":["city","days","metric"]}"""));
        request.Tools.Add(Tool("other", """{"type":"object"}"""));

        var response = _mock.Respond(request, "echo", null);

        var call = Assert.IsType<ToolCallPart>(Assert.Single(response.Content));
        Assert.Equal("get_weather", call.Name);
        Assert.StartsWith("call_mock_", call.Id, StringComparison.Ordinal);
        Assert.Equal("""{"city":"please get_weather now","days":0,"metric":false}""", call.Arguments);
        Assert.Equal(StopReason.ToolUse, response.StopReason);
    }

    [Fact]
    public void Respond_ToolChoiceForcesTool_CallsItEvenIfNotNamed()
    {
        var request = Request(User("hello"));
        request.Tools.Add(Tool("a", """{"type":"object"}"""));
        request.Tools.Add(Tool("b", """{"type":"object"}"""));
        request.ToolChoice = new ToolChoice(ToolChoiceMode.Tool, "b");

        var response = _mock.Respond(request, "echo", null);

        Assert.Equal("b", Assert.IsType<ToolCallPart>(Assert.Single(response.Content)).Name);
    }

    [Fact]
    public void Respond_ToolChoiceNone_AnswersWithText()
    {
        var request = Request(User("call a"));
        request.Tools.Add(Tool("a", """{"type":"object"}"""));
        request.ToolChoice = new ToolChoice(ToolChoiceMode.None);

        var response = _mock.Respond(request, "echo", null);

        Assert.IsType<TextPart>(Assert.Single(response.Content));
    }

    [Fact]
    public void Respond_LastTurnIsToolResult_QuotesTheResult()
    {
        var request = Request(User("get_weather"));
        request.Tools.Add(Tool("get_weather", """{"type":"object"}"""));
        request.Messages.Add(new CanonicalMessage(ChatRole.Assistant, [new ToolCallPart("call_1", "get_weather", "{}")]));
        request.Messages.Add(new CanonicalMessage(ChatRole.Tool, [new ToolResultPart("call_1", [new TextPart("21 C")], false)]));

        var response = _mock.Respond(request, "echo", null);

        Assert.Equal("The tool returned: 21 C", ((TextPart)Assert.Single(response.Content)).Text);
        Assert.Equal(StopReason.EndTurn, response.StopReason);
    }

    [Fact]
    public void Respond_ReasoningRequested_ThinksFirst()
    {
        var request = Request(User("why"));
        request.Reasoning = new ReasoningConfig { Effort = "low" };

        var response = _mock.Respond(request, "echo", null);

        Assert.Equal("The user wrote: why", Assert.IsType<ReasoningPart>(response.Content[0]).Text);
        Assert.Equal("why", Assert.IsType<TextPart>(response.Content[1]).Text);
    }

    [Fact]
    public void Check_ForeignExtension_RejectedNamingIt()
    {
        var request = Request(User("x"));
        using var document = JsonDocument.Parse("2");
        request.Extensions["n"] = document.RootElement.Clone();

        var error = MockResponder.Check(request, "mock");

        Assert.Equal("n", error!.Param);
        Assert.Equal(400, error.Status);
        Assert.Contains("'n'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Check_StructuredOutput_RejectedNamingResponseFormat(bool withSchema)
    {
        var request = Request(User("x"));
        request.ResponseFormat = new ResponseFormat(withSchema ? ResponseFormatKind.JsonSchema : ResponseFormatKind.JsonObject);

        Assert.Equal("response_format", MockResponder.Check(request, "mock")!.Param);
    }

    [Fact]
    public void Check_BuiltInTool_RejectedNamingTheTool()
    {
        var request = Request(User("x"));
        request.Tools.Add(Tool("f", """{"type":"object"}"""));
        request.Tools.Add(new ToolDefinition("web_search", null) { BuiltInType = "web_search_20250305" });

        Assert.Equal("tools[1]", MockResponder.Check(request, "mock")!.Param);
    }

    [Fact]
    public void Check_PlainRequest_Accepted()
    {
        var request = Request(User("x"));
        request.Tools.Add(Tool("f", """{"type":"object"}"""));
        request.ToolChoice = new ToolChoice(ToolChoiceMode.Required);

        Assert.Null(MockResponder.Check(request, "mock"));
    }

    [Fact]
    public void Stream_ToolCallAndReasoning_IsWellFormedAndArgumentsConcatenate()
    {
        var request = Request(User("use f"));
        request.Reasoning = new ReasoningConfig { BudgetTokens = 2048 };
        request.Tools.Add(Tool("f", """{"type":"object","properties":{"q":{"type":"string"}},"required":["q"]}"""));
        var response = _mock.Respond(request, "echo", null);

        var events = MockResponder.Stream(response).ToList();

        Assert.IsType<ResponseStarted>(events[0]);
        Assert.Equal(new ResponseFinished(StopReason.ToolUse), events[^1]);
        Assert.IsType<UsageReported>(events[^2]);
        Assert.Equal([0, 1], events.OfType<BlockStarted>().Select(b => b.Index));
        Assert.Equal([BlockKind.Reasoning, BlockKind.ToolCall], events.OfType<BlockStarted>().Select(b => b.Kind));
        Assert.Equal("""{"q":"use f"}""", string.Concat(events.OfType<ToolArgumentsDelta>().Select(d => d.Json)));
        Assert.Equal(2, events.OfType<BlockStopped>().Count());
    }

    private static CanonicalRequest Request(params CanonicalMessage[] messages)
    {
        var request = new CanonicalRequest { Source = WireFormat.OpenAIChat, Model = "echo" };
        request.Messages.AddRange(messages);
        return request;
    }

    private static CanonicalMessage User(params string[] texts) => new(ChatRole.User, texts.Select(t => (ContentPart)new TextPart(t)).ToList());

    private static CanonicalMessage Assistant(string text) => new(ChatRole.Assistant, [new TextPart(text)]);

    private static ToolDefinition Tool(string name, string schema)
    {
        using var document = JsonDocument.Parse(schema);
        return new ToolDefinition(name, null, document.RootElement.Clone());
    }
}
