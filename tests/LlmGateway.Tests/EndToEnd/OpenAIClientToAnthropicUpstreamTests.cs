using System.ClientModel;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using LlmGateway.Tests.Infrastructure;
using OpenAI.Chat;

namespace LlmGateway.Tests.EndToEnd;

/// <summary>The official OpenAI .NET SDK against the gateway, served through the hub by an Anthropic Messages upstream.</summary>
public sealed class OpenAIClientToAnthropicUpstreamTests : UpstreamGatewayTest
{
    private const string Model = "claude-sonnet-4-5";
    private const string AnthropicKey = "sk-ant-upstream-secret-0001";

    private static readonly ChatTool WeatherTool = ChatTool.CreateFunctionTool(
        "get_weather",
        "Current weather for a city",
        BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"""));

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Gateway:Providers:anthropic:Type"] = "anthropic",
        ["Gateway:Providers:anthropic:BaseUrl"] = Upstream.BaseUrl,
        ["Gateway:Providers:anthropic:Keys:0"] = AnthropicKey,
        ["Gateway:Providers:anthropic:Models:0"] = Model,
    };

    [Fact]
    public async Task CompleteChat_SystemAndToolsWithoutMaxTokens_UpstreamGetsExactAnthropicRequest()
    {
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, CannedAnthropic.Message("Sunny."));

        await Gateway.Chat(Model).CompleteChatAsync(
            [new SystemChatMessage("You are terse."), new UserChatMessage("Weather in Paris?")],
            new ChatCompletionOptions { Tools = { WeatherTool } });

        var sent = Upstream.LastRequest;
        Assert.Equal("POST", sent.Method);
        Assert.Equal("/v1/messages", sent.Path);
        Assert.Equal(AnthropicKey, sent.Header("x-api-key"));
        Assert.Equal("2023-06-01", sent.Header("anthropic-version"));
        Assert.Null(sent.Header("authorization"));
        Assert.Equal(
            """{"model":"claude-sonnet-4-5","max_tokens":8192,"system":[{"type":"text","text":"You are terse."}],"messages":[{"role":"user","content":[{"type":"text","text":"Weather in Paris?"}]}],"tools":[{"name":"get_weather","description":"Current weather for a city","input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}]}""",
            SseFrames.Utf8(sent.Body));
    }

    [Fact]
    public async Task CompleteChat_AnthropicMessage_SdkGetsTextAndUsageWithCachedTokensIncluded()
    {
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, CannedAnthropic.Message("Hello from Claude"));

        ChatCompletion completion = await Gateway.Chat(Model).CompleteChatAsync([new UserChatMessage("Hi")]);

        Assert.Equal("Hello from Claude", completion.Content[0].Text);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        // input 12 + cache read 30 + cache write 5 = 47 prompt tokens, 30 of them cached.
        Assert.Equal(47, completion.Usage.InputTokenCount);
        Assert.Equal(30, completion.Usage.InputTokenDetails.CachedTokenCount);
        Assert.Equal(7, completion.Usage.OutputTokenCount);
        Assert.Equal(54, completion.Usage.TotalTokenCount);
    }

    [Fact]
    public async Task CompleteChatStreaming_AnthropicEvents_SdkGetsTextFinishReasonAndUsage()
    {
        Upstream.Handler = (_, context) => FakeUpstream.AnthropicSse(context, CannedAnthropic.TextStream());

        var text = new StringBuilder();
        ChatFinishReason? finish = null;
        ChatTokenUsage? usage = null;
        await foreach (var update in Gateway.Chat(Model).CompleteChatStreamingAsync([new UserChatMessage("Hi")]))
        {
            text.Append(string.Concat(update.ContentUpdate.Select(p => p.Text)));
            finish ??= update.FinishReason;
            usage ??= update.Usage;
        }

        Assert.Equal("Hello", text.ToString());
        Assert.Equal(ChatFinishReason.Stop, finish);
        Assert.Equal((47, 30, 7), (usage!.InputTokenCount, usage.InputTokenDetails.CachedTokenCount, usage.OutputTokenCount));
        Assert.True(Upstream.LastRequest.Json["stream"]!.GetValue<bool>());
        Assert.Null(Upstream.LastRequest.Json["stream_options"]);
        var record = Assert.Single(await Gateway.UsageAsync(1));
        Assert.Equal((47L, 7L, 30L), (record.Tokens.Input, record.Tokens.Output, record.Tokens.Cached));
    }

    [Fact]
    public async Task CompleteChatStreaming_ToolUseThenToolResult_SameIdAndArgumentsBothWays()
    {
        const string ToolUseId = "toolu_01A09q90qw90lq917835lq9";
        Upstream.Handler = (_, context) => FakeUpstream.AnthropicSse(
            context,
            CannedAnthropic.MessageStart(),
            CannedAnthropic.Ping,
            CannedAnthropic.TextStart(0),
            CannedAnthropic.TextDelta(0, "Let me check."),
            CannedAnthropic.BlockStop(0),
            CannedAnthropic.ToolUseStart(1, ToolUseId, "get_weather"),
            CannedAnthropic.InputJsonDelta(1, ""),
            CannedAnthropic.InputJsonDelta(1, """{"city": "Pa"""),
            CannedAnthropic.InputJsonDelta(1, """ris"}"""),
            CannedAnthropic.BlockStop(1),
            CannedAnthropic.MessageDelta("tool_use"),
            CannedAnthropic.MessageStop);
        var options = new ChatCompletionOptions { Tools = { WeatherTool } };
        var chat = Gateway.Chat(Model);
        List<ChatMessage> messages = [new UserChatMessage("Weather in Paris?")];

        var text = new StringBuilder();
        var toolCalls = new Dictionary<int, (string Id, string Name, string Arguments)>();
        ChatFinishReason? finish = null;
        await foreach (var update in chat.CompleteChatStreamingAsync(messages, options))
        {
            text.Append(string.Concat(update.ContentUpdate.Select(p => p.Text)));
            foreach (var call in update.ToolCallUpdates)
            {
                var current = toolCalls.GetValueOrDefault(call.Index, (Id: "", Name: "", Arguments: ""));
                toolCalls[call.Index] = (call.ToolCallId ?? current.Id, call.FunctionName ?? current.Name, current.Arguments + call.FunctionArgumentsUpdate?.ToString());
            }

            finish ??= update.FinishReason;
        }

        Assert.Equal("Let me check.", text.ToString());
        Assert.Equal(ChatFinishReason.ToolCalls, finish);
        var (id, name, arguments) = Assert.Single(toolCalls).Value;
        Assert.Equal((ToolUseId, "get_weather", """{"city": "Paris"}"""), (id, name, arguments));

        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, CannedAnthropic.Message("18°C and sunny."));
        messages.Add(new AssistantChatMessage([ChatToolCall.CreateFunctionToolCall(id, name, BinaryData.FromString(arguments))]));
        messages.Add(new ToolChatMessage(id, "18°C, sunny"));
        ChatCompletion answer = await chat.CompleteChatAsync(messages, options);

        Assert.Equal("18°C and sunny.", answer.Content[0].Text);
        var sent = Upstream.LastRequest.Json["messages"]!.AsArray();
        Assert.Equal(["user", "assistant", "user"], sent.Select(m => m!["role"]!.GetValue<string>()));
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""[{"type":"tool_use","id":"ID","name":"get_weather","input":{"city":"Paris"}}]""".Replace("ID", ToolUseId, StringComparison.Ordinal)),
            sent[1]!["content"]));
        var result = Assert.Single(sent[2]!["content"]!.AsArray())!;
        Assert.Equal("tool_result", result["type"]!.GetValue<string>());
        Assert.Equal(ToolUseId, result["tool_use_id"]!.GetValue<string>());
        Assert.Equal("18°C, sunny", ToolResultText(result["content"]!));
    }

    [Fact]
    public async Task CompleteChat_ReasoningEffortLow_UpstreamGetsThinkingBudget2048()
    {
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, CannedAnthropic.Message("42"));

        ChatCompletion completion = await Gateway.Chat(Model).CompleteChatAsync(
            [new UserChatMessage("6 x 7?")],
            new ChatCompletionOptions { ReasoningEffortLevel = ChatReasoningEffortLevel.Low });

        Assert.Equal("42", completion.Content[0].Text);
        var sent = Upstream.LastRequest.Json;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"type":"enabled","budget_tokens":2048}"""), sent["thinking"]));
        Assert.Null(sent["reasoning_effort"]);
    }

    [Fact]
    public async Task PostChat_StreamWithThinkingDeltas_ClientGetsReasoningContentThenContent()
    {
        Upstream.Handler = (_, context) => FakeUpstream.AnthropicSse(
            context,
            CannedAnthropic.MessageStart(),
            CannedAnthropic.ThinkingStart(0),
            CannedAnthropic.ThinkingDelta(0, "Six times"),
            CannedAnthropic.ThinkingDelta(0, " seven."),
            CannedAnthropic.SignatureDelta(0, "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds"),
            CannedAnthropic.BlockStop(0),
            CannedAnthropic.TextStart(1),
            CannedAnthropic.TextDelta(1, "42"),
            CannedAnthropic.BlockStop(1),
            CannedAnthropic.MessageDelta("end_turn"),
            CannedAnthropic.MessageStop);

        using var response = await PostChatAsync(
            $$"""{"model":"{{Model}}","stream":true,"reasoning_effort":"low","messages":[{"role":"user","content":"6 x 7?"}]}""",
            HttpCompletionOption.ResponseHeadersRead);
        var events = await SseFrames.ReadEventsAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("[DONE]", events[^1].Data);
        var deltas = events.SkipLast(1).Select(e => JsonNode.Parse(e.Data)!["choices"]![0]!["delta"]!).ToList();
        Assert.Equal("Six times seven.", string.Concat(deltas.Select(d => (string?)d["reasoning_content"])));
        Assert.Equal("42", string.Concat(deltas.Select(d => (string?)d["content"])));
        var firstContent = deltas.FindIndex(d => d["content"] is not null && (string?)d["content"] != "");
        Assert.True(firstContent > deltas.FindLastIndex(d => d["reasoning_content"] is not null));
        Assert.Equal(2048, Upstream.LastRequest.Json["thinking"]!["budget_tokens"]!.GetValue<int>());
    }

    [Fact]
    public async Task CompleteChat_Upstream429OnTheOnlyKey_SdkSeesOpenAIShaped429QuotingItWithRetryAfter()
    {
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 429, CannedAnthropic.Error("rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit."),
            new Dictionary<string, string> { ["retry-after"] = "12" });
        await using var gateway = await StartGatewayWithAsync(NoWait);

        var error = await Assert.ThrowsAsync<ClientResultException>(() => gateway.Chat(Model).CompleteChatAsync([new UserChatMessage("Hi")]));

        Assert.Equal(429, error.Status);
        var raw = error.GetRawResponse()!;
        Assert.True(raw.Headers.TryGetValue("Retry-After", out var retryAfter));
        Assert.Equal("12", retryAfter);
        var body = JsonNode.Parse(raw.Content.ToString())!["error"]!;
        Assert.Contains("Number of request tokens has exceeded your per-minute rate limit.", body["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("rate_limit_error", body["type"]!.GetValue<string>());
        Assert.Equal("all_credentials_cooling_down", body["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task CompleteChat_UpstreamPromptTooLong_SdkGets400ContextLengthExceeded()
    {
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 400, CannedAnthropic.Error("invalid_request_error", "prompt is too long: 208431 tokens > 200000 maximum"));

        var error = await Assert.ThrowsAsync<ClientResultException>(() => Gateway.Chat(Model).CompleteChatAsync([new UserChatMessage("Hi")]));

        Assert.Equal(400, error.Status);
        var body = JsonNode.Parse(error.GetRawResponse()!.Content.ToString())!["error"]!;
        Assert.Equal("context_length_exceeded", body["code"]!.GetValue<string>());
        Assert.Equal("invalid_request_error", body["type"]!.GetValue<string>());
        Assert.Equal(
            "This model's maximum context length is 200000 tokens. However, your messages resulted in 208431 tokens. Please reduce the length of the messages.",
            body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task PostChat_UpstreamErrorEventMidStream_InBandErrorFrameThenDone()
    {
        Upstream.Handler = async (_, context) =>
        {
            await FakeUpstream.AnthropicSse(context, CannedAnthropic.MessageStart(), CannedAnthropic.Ping, CannedAnthropic.TextStart(0), CannedAnthropic.TextDelta(0, "Partial"));
            await FakeUpstream.SseEvent(context, "error", """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""");
        };

        using var response = await PostChatAsync($$"""{"model":"{{Model}}","stream":true,"messages":[{"role":"user","content":"Hi"}]}""", HttpCompletionOption.ResponseHeadersRead);
        var body = await response.Content.ReadAsStringAsync();
        var events = body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("event:", body, StringComparison.Ordinal);
        Assert.All(events, e => Assert.StartsWith("data: ", e, StringComparison.Ordinal));
        Assert.Equal("data: [DONE]", events[^1]);
        var error = JsonNode.Parse(events[^2]["data: ".Length..])!.AsObject();
        Assert.Equal(["error"], error.Select(p => p.Key));
        Assert.Equal("Overloaded", error["error"]!["message"]!.GetValue<string>());
        Assert.Equal("overloaded_error", error["error"]!["code"]!.GetValue<string>());
        Assert.Equal("server_error", error["error"]!["type"]!.GetValue<string>());
        Assert.Equal("Partial", string.Concat(events[..^2].Select(e => (string?)JsonNode.Parse(e["data: ".Length..])!["choices"]![0]!["delta"]!["content"])));
    }

    private static string ToolResultText(JsonNode content) => content is JsonValue
        ? content.GetValue<string>()
        : string.Concat(content.AsArray().Select(b => b!["text"]!.GetValue<string>()));
}
