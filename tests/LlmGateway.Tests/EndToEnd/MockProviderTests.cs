using System.ClientModel;
using System.Text;
using System.Text.Json.Nodes;
using LlmGateway.Tests.Infrastructure;
using OpenAI.Chat;

namespace LlmGateway.Tests.EndToEnd;

public sealed class MockProviderTests : IAsyncLifetime
{
    private GatewayFixture _gateway = null!;

    public async Task InitializeAsync() => _gateway = await GatewayFixture.StartAsync(upstream: null);

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task CompleteChat_Mock_EchoesLastUserMessageWithUsage()
    {
        ChatCompletion completion = await _gateway.Chat("echo").CompleteChatAsync(
            [new SystemChatMessage("be brief"), new UserChatMessage("first"), new AssistantChatMessage("ok"), new UserChatMessage("say it back")]);

        Assert.Equal("say it back", completion.Content[0].Text);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal(3, completion.Usage.OutputTokenCount);
        Assert.True(completion.Usage.InputTokenCount > 0);
    }

    [Fact]
    public async Task CompleteChatStreaming_Mock_StreamsPieceByPieceWithUsage()
    {
        var pieces = new List<string>();
        ChatTokenUsage? usage = null;
        await foreach (var update in _gateway.Chat("mock/echo").CompleteChatStreamingAsync([new UserChatMessage("one two three")]))
        {
            pieces.AddRange(update.ContentUpdate.Select(p => p.Text).Where(t => t.Length > 0));
            usage ??= update.Usage;
        }

        Assert.Equal(["one", " two", " three"], pieces);
        Assert.Equal(3, usage!.OutputTokenCount);
    }

    [Fact]
    public async Task CompleteChat_MockWithMaxTokens_StopsAtLimitWithLength()
    {
        ChatCompletion completion = await _gateway.Chat("echo").CompleteChatAsync(
            [new UserChatMessage("a b c d e")], new ChatCompletionOptions { MaxOutputTokenCount = 2 });

        Assert.Equal("a b", completion.Content[0].Text);
        Assert.Equal(ChatFinishReason.Length, completion.FinishReason);
    }

    [Fact]
    public async Task Post_MockWithTwoChoices_Returns400NamingN()
    {
        using var response = await _gateway.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = new StringContent("""{"model":"echo","n":2,"messages":[{"role":"user","content":"x"}]}""", Encoding.UTF8, "application/json"),
            Headers = { { "Authorization", "Bearer " + GatewayFixture.ClientKey } },
        });
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("n", error["param"]!.GetValue<string>());
        Assert.Contains("'n'", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteChat_MockForcedToolChoice_CallsTheToolWithRequiredArguments()
    {
        var tool = ChatTool.CreateFunctionTool("lookup", "d", BinaryData.FromString("""{"type":"object","properties":{"q":{"type":"string"}},"required":["q"]}"""));
        var options = new ChatCompletionOptions { Tools = { tool }, ToolChoice = ChatToolChoice.CreateRequiredChoice() };

        ChatCompletion completion = await _gateway.Chat("echo").CompleteChatAsync([new UserChatMessage("find cats")], options);

        Assert.Equal(ChatFinishReason.ToolCalls, completion.FinishReason);
        var call = Assert.Single(completion.ToolCalls);
        Assert.Equal("lookup", call.FunctionName);
        Assert.Equal("""{"q":"find cats"}""", call.FunctionArguments.ToString());
    }

    [Fact]
    public async Task CompleteChat_MockJsonResponseFormat_Sdk400NamingResponseFormat()
    {
        var options = new ChatCompletionOptions { ResponseFormat = ChatResponseFormat.CreateJsonObjectFormat() };

        var error = await Assert.ThrowsAsync<ClientResultException>(() => _gateway.Chat("echo").CompleteChatAsync([new UserChatMessage("x")], options));

        Assert.Equal(400, error.Status);
        Assert.Equal("response_format", JsonNode.Parse(error.GetRawResponse()!.Content.ToString())!["error"]!["param"]!.GetValue<string>());
    }
}
