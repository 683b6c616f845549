using System.Text.Json;
using LlmGateway.Providers.Mock;

namespace LlmGateway.Tests.Unit.Providers.Mock;

public class MockReplyTests
{
    private const string Conversation = """
        "messages":[
          {"role":"system","content":"be brief"},
          {"role":"user","content":"an earlier question"},
          {"role":"assistant","content":"an answer"},
          {"role":"user","content":"hello there wide world"}
        ]
        """;

    [Fact]
    public void Create_StringContent_EchoesLastUserMessage()
    {
        var reply = Create("{" + Conversation + "}");

        Assert.Equal("hello there wide world", reply.Text);
        Assert.Equal("stop", reply.FinishReason);
        Assert.Equal(4, reply.CompletionTokens);
    }

    [Fact]
    public void Create_ArrayOfPartsContent_EchoesTextPartsAndMarksImages()
    {
        const string request = """
            {"messages":[{"role":"user","content":[
              {"type":"text","text":"describe"},
              {"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"}},
              {"type":"text","text":"please"}
            ]}]}
            """;

        var reply = Create(request);

        Assert.Equal("describe [image] please", reply.Text);
    }

    [Fact]
    public void Create_NoUserMessage_RepliesEmpty()
    {
        var reply = Create("""{"messages":[{"role":"system","content":"be brief"}]}""");

        Assert.Equal("", reply.Text);
        Assert.Equal(0, reply.CompletionTokens);
        Assert.Equal("stop", reply.FinishReason);
    }

    [Fact]
    public void Create_StopString_TruncatesBeforeIt()
    {
        var reply = Create("{" + Conversation + ",\"stop\":\"wide\"}");

        Assert.Equal("hello there ", reply.Text);
        Assert.Equal("stop", reply.FinishReason);
    }

    [Fact]
    public void Create_StopArray_TruncatesAtTheEarliestMatch()
    {
        var reply = Create("{" + Conversation + ",\"stop\":[\"world\",\"not-there\",\"there\"]}");

        Assert.Equal("hello ", reply.Text);
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("[\"\"]")]
    [InlineData("null")]
    public void Create_EmptyStop_EchoesWholeMessage(string stop)
    {
        var reply = Create("{" + Conversation + ",\"stop\":" + stop + "}");

        Assert.Equal("hello there wide world", reply.Text);
    }

    [Theory]
    [InlineData("max_tokens")]
    [InlineData("max_completion_tokens")]
    public void Create_TokenLimitBelowReply_TruncatesWithFinishLength(string parameter)
    {
        var reply = Create("{" + Conversation + $",\"{parameter}\":2}}");

        Assert.Equal("hello there", reply.Text);
        Assert.Equal(2, reply.CompletionTokens);
        Assert.Equal("length", reply.FinishReason);
    }

    [Fact]
    public void Create_TokenLimitEqualToReply_FinishesWithStop()
    {
        var reply = Create("{" + Conversation + ",\"max_tokens\":4}");

        Assert.Equal("hello there wide world", reply.Text);
        Assert.Equal("stop", reply.FinishReason);
    }

    [Fact]
    public void Create_BothTokenLimits_MaxCompletionTokensWins()
    {
        var reply = Create("{" + Conversation + ",\"max_tokens\":3,\"max_completion_tokens\":1}");

        Assert.Equal("hello", reply.Text);
        Assert.Equal("length", reply.FinishReason);
    }

    [Fact]
    public void Create_ConfiguredReply_WinsOverEcho()
    {
        using var document = JsonDocument.Parse("{" + Conversation + "}");

        var reply = MockReply.Create(document.RootElement, requestBytes: 100, fixedReply: "The fixed answer.");

        Assert.Equal("The fixed answer.", reply.Text);
        Assert.Equal(["The", " fixed", " answer."], reply.Pieces);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(400, 100)]
    [InlineData(401, 101)]
    public void Create_RequestBytes_GivesPromptTokensOfAQuarterRoundedUp(int requestBytes, int expected)
    {
        using var document = JsonDocument.Parse("{" + Conversation + "}");

        var reply = MockReply.Create(document.RootElement, requestBytes, fixedReply: null);

        Assert.Equal(expected, reply.PromptTokens);
    }

    private static MockReply Create(string request)
    {
        using var document = JsonDocument.Parse(request);
        return MockReply.Create(document.RootElement, request.Length, fixedReply: null);
    }
}
