using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Anthropic;
using Anthropic.Exceptions;
using Anthropic.Models.Messages;
using Anthropic.Models.Models;
using LlmGateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using BetaParams = Anthropic.Models.Beta.Messages.MessageCreateParams;
using BetaUserMessageParam = Anthropic.Models.Beta.Messages.BetaUserMessageParam;

namespace LlmGateway.Tests.EndToEnd;

/// <summary>The official Anthropic SDK against the gateway, served through the hub by an OpenAI-compatible upstream.</summary>
public sealed class AnthropicClientToOpenAIUpstreamTests : UpstreamGatewayTest
{
    private const string Model = "openai/gpt-4o";

    private static readonly Tool WeatherTool = new()
    {
        Name = "get_weather",
        Description = "Current weather for a city",
        InputSchema = new InputSchema
        {
            Properties = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>("""{"city":{"type":"string"},"days":{"type":"array","items":{"type":"integer"}}}""")!,
            Required = ["city"],
        },
    };

    [Fact]
    public async Task Create_OpenAIUpstreamAnswers_SdkGetsTextStopReasonAndConvertedUsage()
    {
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, Canned.Completion("Hello there"));
        using var client = Gateway.Anthropic();

        var message = await client.Messages.Create(Params("Hi"));

        Assert.Equal("Hello there", TextOf(message));
        Assert.Equal(StopReason.EndTurn, message.StopReason!.Value());
        // OpenAI's prompt_tokens 11 include 5 cached; Anthropic's input_tokens exclude cache reads.
        Assert.Equal((6L, 5L, 3L), (message.Usage.InputTokens, message.Usage.CacheReadInputTokens ?? -1, message.Usage.OutputTokens));
        var sent = Upstream.LastRequest;
        Assert.Equal("/v1/chat/completions", sent.Path);
        Assert.Equal("Bearer sk-upstream-secret-0001", sent.Header("authorization"));
        Assert.Null(sent.Header("x-api-key"));
        Assert.Equal("gpt-4o", sent.Json["model"]!.GetValue<string>());
        Assert.Equal(1024, sent.Json["max_tokens"]!.GetValue<int>());
        Assert.Equal("""[{"role":"user","content":"Hi"}]""", sent.Json["messages"]!.ToJsonString());
    }

    [Fact]
    public async Task CreateStreaming_OpenAIUpstreamStreams_SdkYieldsTheText()
    {
        Upstream.Handler = (_, context) => FakeUpstream.Sse(context, Canned.TextStream());
        using var client = Gateway.Anthropic();

        var pieces = new List<string>();
        await foreach (var streamEvent in client.Messages.CreateStreaming(Params("Hi")))
        {
            if (streamEvent.TryPickContentBlockDelta(out var delta) && delta.Delta.TryPickText(out var text))
            {
                pieces.Add(text.Text);
            }
        }

        Assert.Equal(["Hel", "lo"], pieces);
        Assert.True(Upstream.LastRequest.Json["stream"]!.GetValue<bool>());
        Assert.True(Upstream.LastRequest.Json["stream_options"]!["include_usage"]!.GetValue<bool>());
    }

    [Fact]
    public async Task PostMessages_StreamRaw_WellFormedWithAnEventLineOnEveryEvent()
    {
        Upstream.Handler = (_, context) => FakeUpstream.Sse(context, Canned.TextStream());

        using var response = await Gateway.Http.SendAsync(
            AnthropicRequests.Messages($$"""{"model":"{{Model}}","max_tokens":100,"stream":true,"messages":[{"role":"user","content":"Hi"}]}"""),
            HttpCompletionOption.ResponseHeadersRead);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        AnthropicStreamChecker.AssertWellFormed(body);
        var events = body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.All(events, e => Assert.StartsWith("event: ", e, StringComparison.Ordinal));
        Assert.Equal(
            ["message_start", "ping", "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop", "message_delta", "message_stop"],
            events.Select(e => e.Split('\n')[0]["event: ".Length..]));
        var usage = JsonNode.Parse(events[6].Split('\n')[1]["data: ".Length..])!["usage"]!;
        Assert.Equal((5, 4, 2), (usage["input_tokens"]!.GetValue<int>(), usage["cache_read_input_tokens"]!.GetValue<int>(), usage["output_tokens"]!.GetValue<int>()));
        var record = Assert.Single(await Gateway.UsageAsync(1));
        Assert.Equal((9L, 2L, 4L, 1L), (record.Tokens.Input, record.Tokens.Output, record.Tokens.Cached, record.Tokens.Reasoning));
    }

    [Fact]
    public async Task CreateStreaming_ToolCallThenToolResult_SameIdAndExactArgumentsBothWays()
    {
        Upstream.Handler = (_, context) => FakeUpstream.Sse(
            context,
            Canned.Chunk("""{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_Xq7bW2","type":"function","function":{"name":"get_weather","arguments":""}}]}"""),
            Canned.Chunk("""{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\":\"Pa"}}]}"""),
            Canned.Chunk("""{"tool_calls":[{"index":0,"function":{"arguments":"ris\",\"days\":[1,2]}"}}]}"""),
            Canned.Chunk("{}", "tool_calls"),
            Canned.UsageChunk(),
            "[DONE]");
        using var client = Gateway.Anthropic();

        var first = await client.Messages.CreateStreaming(Params("Weather in Paris?", tools: [WeatherTool])).Aggregate();

        Assert.Equal(StopReason.ToolUse, first.StopReason!.Value());
        Assert.True(Assert.Single(first.Content).TryPickToolUse(out var toolUse));
        Assert.Equal(("call_Xq7bW2", "get_weather"), (toolUse.ID, toolUse.Name));
        Assert.Equal("""{"city":"Paris","days":[1,2]}""", JsonSerializer.Serialize(toolUse.Input));

        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, Canned.Completion("18 degrees and sunny"));
        var second = await client.Messages.Create(new MessageCreateParams
        {
            Model = Model,
            MaxTokens = 1024,
            Tools = [WeatherTool],
            Messages =
            [
                new UserMessageParam("Weather in Paris?"),
                new AssistantMessageParam(new List<ContentBlockParam> { new ToolUseBlockParam { ID = toolUse.ID, Name = toolUse.Name, Input = toolUse.Input } }),
                new UserMessageParam(new List<ContentBlockParam> { new ToolResultBlockParam(toolUse.ID) { Content = "18°C, sunny" } }),
            ],
        });

        Assert.Equal("18 degrees and sunny", TextOf(second));
        var messages = Upstream.LastRequest.Json["messages"]!.AsArray();
        Assert.Equal(["user", "assistant", "tool"], messages.Select(m => m!["role"]!.GetValue<string>()));
        var call = Assert.Single(messages[1]!["tool_calls"]!.AsArray())!;
        Assert.Equal("call_Xq7bW2", call["id"]!.GetValue<string>());
        Assert.Equal("function", call["type"]!.GetValue<string>());
        Assert.Equal("get_weather", call["function"]!["name"]!.GetValue<string>());
        Assert.Equal("""{"city":"Paris","days":[1,2]}""", call["function"]!["arguments"]!.GetValue<string>());
        Assert.Equal("call_Xq7bW2", messages[2]!["tool_call_id"]!.GetValue<string>());
        Assert.Equal("18°C, sunny", messages[2]!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task CreateStreaming_ThinkingEnabled_UpstreamGetsEffortAndSdkGetsThinkingBlock()
    {
        Upstream.Handler = (_, context) => FakeUpstream.Sse(
            context,
            Canned.Chunk("""{"role":"assistant","content":null,"reasoning_content":"Six times"}"""),
            Canned.Chunk("""{"reasoning_content":" seven."}"""),
            Canned.Chunk("""{"content":"42"}"""),
            Canned.Chunk("{}", "stop"),
            Canned.UsageChunk(),
            "[DONE]");
        using var client = Gateway.Anthropic();

        var message = await client.Messages.CreateStreaming(Params("6 x 7?", maxTokens: 8192, thinking: new ThinkingConfigEnabled(4096))).Aggregate();

        // budget_tokens 4096 → "low" (≤ 4096), as docs/translation.md maps it.
        Assert.Equal("low", Upstream.LastRequest.Json["reasoning_effort"]!.GetValue<string>());
        Assert.Null(Upstream.LastRequest.Json["thinking"]);
        Assert.Equal(2, message.Content.Count);
        Assert.True(message.Content[0].TryPickThinking(out var thinking));
        Assert.Equal("Six times seven.", thinking.Thinking);
        Assert.True(message.Content[1].TryPickText(out var text));
        Assert.Equal("42", text.Text);
    }

    [Fact]
    public async Task CountTokens_OpenAIModel_LocalEstimateWithoutCallingUpstream()
    {
        using var client = Gateway.Anthropic();

        var count = await client.Messages.CountTokens(new MessageCountTokensParams
        {
            Model = Model,
            Messages = [new UserMessageParam("How many tokens is this sentence?")],
        });

        // The documented estimate: ceil(33 UTF-8 bytes / 4) + 3 per message.
        Assert.Equal(12, count.InputTokens);
        Assert.Empty(Upstream.Requests);
    }

    [Fact]
    public async Task Create_Upstream429OnTheOnlyKey_SdkSeesRateLimitErrorQuotingItAndRetryAfter()
    {
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 429, Canned.Error("Rate limit reached for gpt-4o. Please try again in 7s.", "requests", "rate_limit_exceeded"),
            new Dictionary<string, string> { ["Retry-After"] = "7" });
        await using var gateway = await StartGatewayWithAsync(NoWait);
        var recorder = new RecordingHandler();
        using var client = gateway.Anthropic(recorder: recorder);

        var error = await Assert.ThrowsAsync<AnthropicRateLimitException>(() => client.Messages.Create(Params("Hi")));

        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
        var body = JsonNode.Parse(error.ResponseBody)!;
        Assert.Equal("error", body["type"]!.GetValue<string>());
        Assert.Equal("rate_limit_error", body["error"]!["type"]!.GetValue<string>());
        Assert.Contains("Rate limit reached for gpt-4o. Please try again in 7s.", body["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(7), recorder.ResponseHeaders!.RetryAfter!.Delta);
        Assert.Single(Upstream.Requests);
    }

    [Fact]
    public async Task Create_UpstreamContextLengthExceeded_SdkGetsAnthropicPromptTooLong()
    {
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 400, Canned.Error(
            "This model's maximum context length is 128000 tokens. However, your messages resulted in 130512 tokens. Please reduce the length of the messages.",
            "invalid_request_error",
            "context_length_exceeded"));
        using var client = Gateway.Anthropic();

        var error = await Assert.ThrowsAsync<AnthropicBadRequestException>(() => client.Messages.Create(Params("Hi")));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        var body = JsonNode.Parse(error.ResponseBody)!;
        Assert.Equal("invalid_request_error", body["error"]!["type"]!.GetValue<string>());
        Assert.Equal("prompt is too long: 130512 tokens > 128000 maximum", body["error"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task BetaCreate_BetaQueryAndAnthropicBetaHeader_Accepted()
    {
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, Canned.Completion("beta ok"));
        var recorder = new RecordingHandler();
        using var client = Gateway.Anthropic(recorder: recorder);

        var message = await client.Beta.Messages.Create(new BetaParams
        {
            Model = Model,
            MaxTokens = 1024,
            Messages = [new BetaUserMessageParam("Hi")],
            Betas = ["interleaved-thinking-2025-05-14"],
        });

        Assert.Equal("?beta=true", recorder.RequestUri!.Query);
        Assert.Equal(["interleaved-thinking-2025-05-14"], recorder.RequestHeaders!.GetValues("anthropic-beta"));
        Assert.True(Assert.Single(message.Content).TryPickText(out var text));
        Assert.Equal("beta ok", text.Text);
        Assert.Equal("/v1/chat/completions", Upstream.LastRequest.Path);
    }

    [Fact]
    public async Task ListModels_AnthropicSdk_AnthropicShapedList()
    {
        using var client = Gateway.Anthropic();

        var page = await client.Models.List(new ModelListParams());

        Assert.Equal(["mock/echo", "openai/gpt-4o", "openai/gpt-4o-mini"], page.Items.Select(m => m.ID));
        Assert.All(page.Items, m => Assert.Equal(m.ID, m.DisplayName));
        Assert.False(page.HasNext());
    }

    [Fact]
    public async Task GetModels_WithAnthropicVersion_RawBodyHasAnthropicShape()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "v1/models")
        {
            Headers = { { "x-api-key", GatewayFixture.ClientKey }, { "anthropic-version", AnthropicRequests.Version } },
        };
        using var response = await Gateway.Http.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["data", "has_more", "first_id", "last_id"], body.Select(p => p.Key));
        Assert.False(body["has_more"]!.GetValue<bool>());
        Assert.Equal(("mock/echo", "openai/gpt-4o-mini"), (body["first_id"]!.GetValue<string>(), body["last_id"]!.GetValue<string>()));
        var first = body["data"]![0]!.AsObject();
        Assert.Equal("model", first["type"]!.GetValue<string>());
        Assert.Equal("mock/echo", first["display_name"]!.GetValue<string>());
        Assert.True(DateTimeOffset.TryParse(first["created_at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, out _));
    }

    [Theory]
    [InlineData("HEAD")]
    [InlineData("GET")]
    public async Task Root_WithoutKey_Returns200(string method)
    {
        using var response = await Gateway.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(Upstream.Requests);
    }

    [Fact]
    public async Task CreateStreaming_UpstreamSplitsUtf8CharactersAndToolArgumentsAcrossWrites_ClientGetsExactTextAndArguments()
    {
        Upstream.Handler = async (_, context) =>
        {
            await FakeUpstream.StartSse(context);
            await FakeUpstream.SseFrame(context, Canned.Chunk("""{"role":"assistant","content":""}"""));
            await WriteSplitInside(context, Canned.Chunk("""{"content":"Voilà, café "}"""), "é");
            await WriteSplitInside(context, Canned.Chunk("""{"content":"🎉!"}"""), "🎉");
            await FakeUpstream.SseFrame(context, Canned.Chunk("""{"tool_calls":[{"index":0,"id":"call_utf8","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Mü"}}]}"""));
            await WriteSplitInside(context, Canned.Chunk("""{"tool_calls":[{"index":0,"function":{"arguments":"nchen 🌧\",\"days\":[3]}"}}]}"""), "🌧");
            await FakeUpstream.SseFrame(context, Canned.Chunk("{}", "tool_calls"));
            await FakeUpstream.SseFrame(context, "[DONE]");
        };
        using var client = Gateway.Anthropic();

        var message = await client.Messages.CreateStreaming(Params("Weather?", tools: [WeatherTool])).Aggregate();

        Assert.Equal(2, message.Content.Count);
        Assert.True(message.Content[0].TryPickText(out var text));
        Assert.Equal("Voilà, café 🎉!", text.Text);
        Assert.True(message.Content[1].TryPickToolUse(out var toolUse));
        Assert.Equal("call_utf8", toolUse.ID);
        Assert.Equal("München 🌧", toolUse.Input["city"].GetString());
        Assert.Equal("[3]", toolUse.Input["days"].GetRawText());
    }

    private static MessageCreateParams Params(string prompt, long maxTokens = 1024, IReadOnlyList<ToolUnion>? tools = null, ThinkingConfigParam? thinking = null) => new()
    {
        Model = Model,
        MaxTokens = maxTokens,
        Messages = [new UserMessageParam(prompt)],
        Tools = tools,
        Thinking = thinking,
    };

    private static string TextOf(Message message) =>
        string.Concat(message.Content.Select(b => b.TryPickText(out var text) ? text.Text : ""));

    /// <summary>Writes one <c>data:</c> frame in two flushed writes, cut after the first byte of <paramref name="character"/>.</summary>
    private static async Task WriteSplitInside(HttpContext context, string data, string character)
    {
        var bytes = Encoding.UTF8.GetBytes("data: " + data + "\n\n");
        var cut = bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(character)) + 1;
        Assert.True(cut > 0);
        await context.Response.Body.WriteAsync(bytes.AsMemory(0, cut));
        await context.Response.Body.FlushAsync();
        await context.Response.Body.WriteAsync(bytes.AsMemory(cut));
        await context.Response.Body.FlushAsync();
    }
}
