using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Anthropic;
using Anthropic.Models.Messages;
using LlmGateway.Tests.Infrastructure;

namespace LlmGateway.Tests.EndToEnd;

/// <summary>The official Anthropic SDK against the built-in mock provider, which answers through the hub: no upstream at all.</summary>
public sealed class MockThroughHubTests : IAsyncLifetime
{
    private static readonly Tool LookupTool = new()
    {
        Name = "lookup",
        Description = "Looks a term up",
        InputSchema = new InputSchema
        {
            Properties = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>("""{"q":{"type":"string"},"limit":{"type":"integer"}}""")!,
            Required = ["q", "limit"],
        },
    };

    private GatewayFixture _gateway = null!;

    public async Task InitializeAsync() => _gateway = await GatewayFixture.StartAsync(upstream: null);

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Create_Mock_EchoesLastUserTextWithUsage()
    {
        using var client = _gateway.Anthropic();

        var message = await client.Messages.Create(new MessageCreateParams
        {
            Model = "echo",
            MaxTokens = 1024,
            System = "be brief",
            Messages = [new UserMessageParam("first"), new AssistantMessageParam("ok"), new UserMessageParam("say it back")],
        });

        Assert.True(Assert.Single(message.Content).TryPickText(out var text));
        Assert.Equal("say it back", text.Text);
        Assert.Equal(StopReason.EndTurn, message.StopReason!.Value());
        Assert.Equal(3, message.Usage.OutputTokens);
        Assert.True(message.Usage.InputTokens > 0);
    }

    [Fact]
    public async Task CreateStreaming_MockText_SdkGetsPiecesAndStreamIsWellFormed()
    {
        using var client = _gateway.Anthropic();

        var pieces = new List<string>();
        await foreach (var streamEvent in client.Messages.CreateStreaming(Params("one two three")))
        {
            if (streamEvent.TryPickContentBlockDelta(out var delta) && delta.Delta.TryPickText(out var text))
            {
                pieces.Add(text.Text);
            }
        }

        Assert.Equal(["one", " two", " three"], pieces);
        var events = await RawStreamAsync("""{"model":"mock/echo","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"one two three"}]}""");
        Assert.Equal(
            ["message_start", "ping", "content_block_start", "content_block_delta", "content_block_delta", "content_block_delta", "content_block_stop", "message_delta", "message_stop"],
            events.Select(e => e.EventType));
        Assert.Equal("end_turn", JsonNode.Parse(events[^2].Data)!["delta"]!["stop_reason"]!.GetValue<string>());
        Assert.Equal(3, JsonNode.Parse(events[^2].Data)!["usage"]!["output_tokens"]!.GetValue<int>());
    }

    [Fact]
    public async Task CreateStreaming_PromptNamesOfferedTool_SdkGetsToolUseAndThenQuotedResult()
    {
        using var client = _gateway.Anthropic();

        var first = await client.Messages.CreateStreaming(Params("please lookup cats", tools: [LookupTool])).Aggregate();

        Assert.Equal(StopReason.ToolUse, first.StopReason!.Value());
        Assert.True(Assert.Single(first.Content).TryPickToolUse(out var toolUse));
        Assert.Equal("lookup", toolUse.Name);
        Assert.StartsWith("call_mock_", toolUse.ID, StringComparison.Ordinal);
        Assert.Equal("""{"q":"please lookup cats","limit":0}""", JsonSerializer.Serialize(toolUse.Input));
        var events = await RawStreamAsync("""{"model":"echo","max_tokens":64,"stream":true,"tools":[{"name":"lookup","input_schema":{"type":"object","properties":{"q":{"type":"string"}},"required":["q"]}}],"messages":[{"role":"user","content":"please lookup cats"}]}""");
        Assert.Equal(["content_block_start", "content_block_delta", "content_block_delta", "content_block_stop"], events.Skip(2).Take(4).Select(e => e.EventType));
        Assert.Equal("tool_use", JsonNode.Parse(events[^2].Data)!["delta"]!["stop_reason"]!.GetValue<string>());

        var second = await client.Messages.Create(new MessageCreateParams
        {
            Model = "echo",
            MaxTokens = 64,
            Tools = [LookupTool],
            Messages =
            [
                new UserMessageParam("please lookup cats"),
                new AssistantMessageParam(new List<ContentBlockParam> { new ToolUseBlockParam { ID = toolUse.ID, Name = toolUse.Name, Input = toolUse.Input } }),
                new UserMessageParam(new List<ContentBlockParam> { new ToolResultBlockParam(toolUse.ID) { Content = "42 cats" } }),
            ],
        });

        Assert.True(Assert.Single(second.Content).TryPickText(out var text));
        Assert.Equal("The tool returned: 42 cats", text.Text);
    }

    [Fact]
    public async Task CreateStreaming_ThinkingRequested_SdkGetsThinkingThenTextAndStreamIsWellFormed()
    {
        using var client = _gateway.Anthropic();

        var message = await client.Messages.CreateStreaming(Params("why is the sky blue", maxTokens: 2048, thinking: new ThinkingConfigEnabled(1024))).Aggregate();

        Assert.Equal(2, message.Content.Count);
        Assert.True(message.Content[0].TryPickThinking(out var thinking));
        Assert.Equal("The user wrote: why is the sky blue", thinking.Thinking);
        Assert.True(message.Content[1].TryPickText(out var text));
        Assert.Equal("why is the sky blue", text.Text);
        var events = await RawStreamAsync("""{"model":"echo","max_tokens":2048,"stream":true,"thinking":{"type":"enabled","budget_tokens":1024},"messages":[{"role":"user","content":"why is the sky blue"}]}""");
        var blocks = events.Where(e => e.EventType == "content_block_start").Select(e => JsonNode.Parse(e.Data)!["content_block"]!["type"]!.GetValue<string>());
        Assert.Equal(["thinking", "text"], blocks);
    }

    [Fact]
    public async Task Create_ThinkingRequestedNonStream_SdkGetsThinkingBlockFirst()
    {
        using var client = _gateway.Anthropic();

        var message = await client.Messages.Create(Params("hello", maxTokens: 2048, thinking: new ThinkingConfigEnabled(1024)));

        Assert.Equal(2, message.Content.Count);
        Assert.True(message.Content[0].TryPickThinking(out var thinking));
        Assert.Equal("The user wrote: hello", thinking.Thinking);
        Assert.True(message.Content[1].TryPickText(out var text));
        Assert.Equal("hello", text.Text);
    }

    private static MessageCreateParams Params(string prompt, long maxTokens = 64, IReadOnlyList<ToolUnion>? tools = null, ThinkingConfigParam? thinking = null) => new()
    {
        Model = "echo",
        MaxTokens = maxTokens,
        Messages = [new UserMessageParam(prompt)],
        Tools = tools,
        Thinking = thinking,
    };

    /// <summary>The same kind of request over raw HTTP: the stream must be one the Anthropic SDKs accept, every event named.</summary>
    private async Task<List<(string? EventType, string Data)>> RawStreamAsync(string body)
    {
        using var response = await _gateway.Http.SendAsync(AnthropicRequests.Messages(body), HttpCompletionOption.ResponseHeadersRead);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.All(text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries), e => Assert.StartsWith("event: ", e, StringComparison.Ordinal));
        AnthropicStreamChecker.AssertWellFormed(text);
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));
        return System.Net.ServerSentEvents.SseParser.Create(stream).Enumerate().Select(i => ((string?)i.EventType, i.Data)).ToList();
    }
}
