using System.Net;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using Anthropic;
using Anthropic.Exceptions;
using Anthropic.Models.Messages;
using LlmGateway.Tests.Infrastructure;
using BetaParams = Anthropic.Models.Beta.Messages.MessageCreateParams;
using BetaUserMessageParam = Anthropic.Models.Beta.Messages.BetaUserMessageParam;

namespace LlmGateway.Tests.EndToEnd;

/// <summary>
/// The official Anthropic SDK against the gateway in front of an Anthropic upstream: a pass-through that rewrites
/// only the model, forwards the Anthropic headers with the upstream's own key, and relays streams event by event.
/// </summary>
public sealed class AnthropicPassThroughTests : UpstreamGatewayTest
{
    private const string Model = "anthropic/claude-sonnet-4-5";
    private const string AnthropicKey = "sk-ant-upstream-secret-0001";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Gateway:Providers:anthropic:Type"] = "anthropic",
        ["Gateway:Providers:anthropic:BaseUrl"] = Upstream.BaseUrl,
        ["Gateway:Providers:anthropic:Keys:0"] = AnthropicKey,
        ["Gateway:Providers:anthropic:Models:0"] = "claude-sonnet-4-5",
    };

    [Fact]
    public async Task Create_PassThrough_UpstreamGetsClientBodyExceptModelWithItsOwnKey()
    {
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, CannedAnthropic.Message("Hello from Claude"));
        var recorder = new RecordingHandler();
        using var client = Gateway.Anthropic(recorder: recorder);

        var message = await client.Messages.Create(new MessageCreateParams
        {
            Model = Model,
            MaxTokens = 2048,
            System = new List<TextBlockParam> { new() { Text = "You are terse.", CacheControl = new CacheControlEphemeral() } },
            Messages = [new UserMessageParam("Héllo, Claude 👋")],
            StopSequences = ["\n\nHuman:"],
            Metadata = new Metadata { UserID = "user-42" },
            Thinking = new ThinkingConfigEnabled(1024),
        });

        var sent = Upstream.LastRequest;
        var clientBody = SseFrames.Utf8(recorder.RequestBody);
        Assert.Contains("\"model\":\"anthropic/claude-sonnet-4-5\"", clientBody, StringComparison.Ordinal);
        Assert.Equal(clientBody.Replace("\"model\":\"anthropic/claude-sonnet-4-5\"", "\"model\":\"claude-sonnet-4-5\"", StringComparison.Ordinal), SseFrames.Utf8(sent.Body));
        Assert.Equal("/v1/messages", sent.Path);
        Assert.Equal(AnthropicKey, sent.Header("x-api-key"));
        Assert.Null(sent.Header("authorization"));
        Assert.Equal(string.Join(",", recorder.RequestHeaders!.GetValues("anthropic-version")), sent.Header("anthropic-version"));
        Assert.Equal("Hello from Claude", Assert.Single(message.Content).TryPickText(out var text) ? text.Text : null);
        Assert.Equal((12L, 30L, 5L, 7L), (message.Usage.InputTokens, message.Usage.CacheReadInputTokens ?? -1, message.Usage.CacheCreationInputTokens ?? -1, message.Usage.OutputTokens));
        var record = Assert.Single(await Gateway.UsageAsync(1));
        Assert.Equal((47L, 7L, 30L, 5L), (record.Tokens.Input, record.Tokens.Output, record.Tokens.Cached, record.Tokens.CacheWrite));
    }

    [Fact]
    public async Task PostMessages_UnusualFormattingAndUnknownFields_ReachUpstreamByteForByteExceptModel()
    {
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, CannedAnthropic.Message("ok"));
        const string Body = "{ \"max_tokens\" : 64,\n  \"model\" :\t\"anthropic/claude-sonnet-4-5\" ,\n  \"messages\":[{\"role\":\"user\",\"content\":\"caf\\u00e9 é\"}],\n  \"x_future_field\": {\"nested\": [1, 2.50, null]}\n}";

        using var response = await Gateway.Http.SendAsync(AnthropicRequests.Messages(Body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(CannedAnthropic.Message("ok"), await response.Content.ReadAsStringAsync());
        Assert.Equal(Body.Replace("\"anthropic/claude-sonnet-4-5\"", "\"claude-sonnet-4-5\"", StringComparison.Ordinal), SseFrames.Utf8(Upstream.LastRequest.Body));
    }

    [Fact]
    public async Task BetaCreate_PassThrough_AnthropicBetaAndVersionForwarded()
    {
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, CannedAnthropic.Message("beta ok"));
        var recorder = new RecordingHandler();
        using var client = Gateway.Anthropic(recorder: recorder);

        await client.Beta.Messages.Create(new BetaParams
        {
            Model = Model,
            MaxTokens = 1024,
            Messages = [new BetaUserMessageParam("Hi")],
            Betas = ["interleaved-thinking-2025-05-14", "context-management-2025-06-27"],
        });

        var sent = Upstream.LastRequest;
        Assert.Equal("?beta=true", recorder.RequestUri!.Query);
        Assert.Equal("/v1/messages", sent.Path);
        Assert.Equal(string.Join(",", recorder.RequestHeaders!.GetValues("anthropic-beta")), sent.Header("anthropic-beta"));
        Assert.Equal("interleaved-thinking-2025-05-14,context-management-2025-06-27", sent.Header("anthropic-beta")!.Replace(" ", "", StringComparison.Ordinal));
        Assert.Equal(AnthropicKey, sent.Header("x-api-key"));
    }

    [Fact]
    public async Task PostMessages_NewerAnthropicVersionWithBearerKey_VersionForwardedAndKeyReplaced()
    {
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, CannedAnthropic.Message("ok"));
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/messages?beta=true")
        {
            Content = new StringContent($$"""{"model":"{{Model}}","max_tokens":64,"messages":[{"role":"user","content":"Hi"}]}""", Encoding.UTF8, "application/json"),
            Headers = { { "Authorization", "Bearer " + GatewayFixture.ClientKey }, { "anthropic-version", "2026-10-21" }, { "anthropic-beta", "mid-conversation-system-2026-04-07" } },
        };

        using var response = await Gateway.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = Upstream.LastRequest;
        Assert.Equal("2026-10-21", sent.Header("anthropic-version"));
        Assert.Equal("mid-conversation-system-2026-04-07", sent.Header("anthropic-beta"));
        Assert.Equal(AnthropicKey, sent.Header("x-api-key"));
        Assert.Null(sent.Header("authorization"));
        Assert.DoesNotContain(GatewayFixture.ClientKey, string.Join("\n", sent.Headers.Values), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostMessages_Stream_ClientBytesEqualUpstreamEventForEventAndUsageIsRecorded()
    {
        string[] upstreamEvents =
        [
            CannedAnthropic.MessageStart(inputTokens: 12, cacheRead: 30, cacheCreation: 5),
            CannedAnthropic.Ping,
            CannedAnthropic.ThinkingStart(0),
            CannedAnthropic.ThinkingDelta(0, "Think é 🎉"),
            CannedAnthropic.SignatureDelta(0, "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds"),
            CannedAnthropic.BlockStop(0),
            CannedAnthropic.TextStart(1),
            CannedAnthropic.TextDelta(1, "Hel"),
            CannedAnthropic.TextDelta(1, "lo"),
            CannedAnthropic.BlockStop(1),
            CannedAnthropic.MessageDelta("end_turn", outputTokens: 7),
            CannedAnthropic.MessageStop,
        ];
        Upstream.Handler = (_, context) => FakeUpstream.AnthropicSse(context, upstreamEvents);

        using var response = await Gateway.Http.SendAsync(
            AnthropicRequests.Messages($$"""{"model":"{{Model}}","max_tokens":2048,"stream":true,"thinking":{"type":"enabled","budget_tokens":1024},"messages":[{"role":"user","content":"Hi"}]}"""),
            HttpCompletionOption.ResponseHeadersRead);
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(string.Concat(upstreamEvents.Select(e => "event: " + FakeUpstream.AnthropicEventType(e) + "\ndata: " + e + "\n\n")), SseFrames.Utf8(body));
        var events = SseParser.Create(new MemoryStream(body)).Enumerate().Select(i => ((string?)i.EventType, i.Data)).ToList();
        Assert.Equal(upstreamEvents.Select(e => ((string?)FakeUpstream.AnthropicEventType(e), e)), events);
        AnthropicStreamChecker.AssertWellFormed(events);
        var record = Assert.Single(await Gateway.UsageAsync(1));
        Assert.Equal((47L, 7L, 30L, 5L), (record.Tokens.Input, record.Tokens.Output, record.Tokens.Cached, record.Tokens.CacheWrite));
        Assert.Null(record.ErrorClass);
    }

    [Fact]
    public async Task CreateStreaming_PassThrough_SdkGetsThinkingAndText()
    {
        Upstream.Handler = (_, context) => FakeUpstream.AnthropicSse(
            context,
            CannedAnthropic.MessageStart(),
            CannedAnthropic.ThinkingStart(0),
            CannedAnthropic.ThinkingDelta(0, "Six times seven."),
            CannedAnthropic.SignatureDelta(0, "sig-abc"),
            CannedAnthropic.BlockStop(0),
            CannedAnthropic.TextStart(1),
            CannedAnthropic.TextDelta(1, "42"),
            CannedAnthropic.BlockStop(1),
            CannedAnthropic.MessageDelta("end_turn"),
            CannedAnthropic.MessageStop);
        using var client = Gateway.Anthropic();

        var message = await client.Messages.CreateStreaming(new MessageCreateParams
        {
            Model = Model,
            MaxTokens = 2048,
            Messages = [new UserMessageParam("6 x 7?")],
            Thinking = new ThinkingConfigEnabled(1024),
        }).Aggregate();

        Assert.True(message.Content[0].TryPickThinking(out var thinking));
        Assert.Equal(("Six times seven.", "sig-abc"), (thinking.Thinking, thinking.Signature));
        Assert.True(message.Content[1].TryPickText(out var text));
        Assert.Equal("42", text.Text);
        Assert.Equal(StopReason.EndTurn, message.StopReason!.Value());
    }

    [Fact]
    public async Task PostMessages_UpstreamEndsBeforeMessageStop_StreamEndsWithErrorEvent()
    {
        string[] partial = [CannedAnthropic.MessageStart(), CannedAnthropic.Ping, CannedAnthropic.TextStart(0), CannedAnthropic.TextDelta(0, "Hel")];
        Upstream.Handler = (_, context) => FakeUpstream.AnthropicSse(context, partial);

        using var response = await Gateway.Http.SendAsync(AnthropicRequests.Messages(StreamBody), HttpCompletionOption.ResponseHeadersRead);
        var events = await SseFrames.ReadEventsAsync(response);

        Assert.Equal(partial.Select(e => (FakeUpstream.AnthropicEventType(e), e)), events.SkipLast(1).Select(e => (e.EventType, e.Data)));
        AssertEndsWithError(events, "api_error");
        Assert.Equal("upstream_stream_truncated", Assert.Single(await Gateway.UsageAsync(1)).ErrorClass);
    }

    [Fact]
    public async Task PostMessages_UpstreamDropsConnectionMidStream_StreamEndsWithErrorEvent()
    {
        var drop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Upstream.Handler = async (_, context) =>
        {
            await FakeUpstream.AnthropicSse(context, CannedAnthropic.MessageStart(), CannedAnthropic.TextStart(0), CannedAnthropic.TextDelta(0, "partial"));
            await drop.Task;
            context.Abort();
        };

        using var response = await Gateway.Http.SendAsync(AnthropicRequests.Messages(StreamBody), HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var seen = new StringBuilder();
        while (await reader.ReadLineAsync() is { } line)
        {
            seen.Append(line).Append('\n');
            if (line.StartsWith("data: ", StringComparison.Ordinal) && line.Contains("\"partial\"", StringComparison.Ordinal))
            {
                break;
            }
        }

        drop.SetResult();
        seen.Append(await reader.ReadToEndAsync());
        var events = SseParser.Create(new MemoryStream(Encoding.UTF8.GetBytes(seen.ToString()))).Enumerate().ToList();

        Assert.Equal(["message_start", "content_block_start", "content_block_delta", "error"], events.Select(e => e.EventType));
        AssertEndsWithError(events, "api_error");
    }

    [Fact]
    public async Task PostMessages_Upstream429OnTheOnlyKey_RateLimitErrorQuotingTheUpstreamWithItsRetryAfter()
    {
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 429, CannedAnthropic.Error("rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit."),
            new Dictionary<string, string> { ["retry-after"] = "20" });
        await using var gateway = await StartGatewayWithAsync(NoWait);

        using var response = await gateway.Http.SendAsync(AnthropicRequests.Messages($$"""{"model":"{{Model}}","max_tokens":64,"messages":[{"role":"user","content":"Hi"}]}"""));
        using var sent = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("error", sent.RootElement.GetProperty("type").GetString());
        Assert.Equal("rate_limit_error", sent.RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.Contains("Number of request tokens has exceeded your per-minute rate limit.", sent.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(20), response.Headers.RetryAfter!.Delta);
    }

    [Theory]
    [InlineData(529, "overloaded_error", "Overloaded")]
    [InlineData(400, "invalid_request_error", "prompt is too long: 208431 tokens > 200000 maximum")]
    public async Task PostMessages_UpstreamError_BodyAndStatusPassedThrough(int status, string type, string message)
    {
        var error = CannedAnthropic.Error(type, message);
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, status, error, new Dictionary<string, string> { ["retry-after"] = "20" });

        using var response = await Gateway.Http.SendAsync(AnthropicRequests.Messages($$"""{"model":"{{Model}}","max_tokens":64,"messages":[{"role":"user","content":"Hi"}]}"""));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(error, await response.Content.ReadAsStringAsync());
        Assert.Equal(TimeSpan.FromSeconds(20), response.Headers.RetryAfter!.Delta);
    }

    [Fact]
    public async Task Create_UpstreamOverloaded_SdkSeesStatusAndUpstreamBody()
    {
        var error = CannedAnthropic.Error("overloaded_error", "Overloaded");
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 529, error);
        using var client = Gateway.Anthropic();

        var exception = await Assert.ThrowsAnyAsync<AnthropicApiException>(() => client.Messages.Create(new MessageCreateParams
        {
            Model = Model,
            MaxTokens = 64,
            Messages = [new UserMessageParam("Hi")],
        }));

        Assert.Equal(529, (int)exception.StatusCode);
        Assert.Equal(error, exception.ResponseBody);
        Assert.Single(Upstream.Requests);
    }

    [Fact]
    public async Task CountTokens_AnthropicModel_ForwardedAndAnswerReturnedAsIs()
    {
        const string Answer = """{"input_tokens":2095,"context_management":{"original_input_tokens":2095}}""";
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, Answer);
        var recorder = new RecordingHandler();
        using var client = Gateway.Anthropic(recorder: recorder);

        var count = await client.Messages.CountTokens(new MessageCountTokensParams
        {
            Model = Model,
            Messages = [new UserMessageParam("How many tokens is this sentence?")],
        });
        using var raw = await Gateway.Http.SendAsync(AnthropicRequests.Messages(SseFrames.Utf8(recorder.RequestBody), "v1/messages/count_tokens?beta=true"));

        Assert.Equal(2095, count.InputTokens);
        Assert.Equal(Answer, await raw.Content.ReadAsStringAsync());
        var sent = Upstream.Requests[0];
        Assert.Equal("/v1/messages/count_tokens", sent.Path);
        Assert.Equal(AnthropicKey, sent.Header("x-api-key"));
        Assert.Equal(SseFrames.Utf8(recorder.RequestBody).Replace("\"anthropic/claude-sonnet-4-5\"", "\"claude-sonnet-4-5\"", StringComparison.Ordinal), SseFrames.Utf8(sent.Body));
        Assert.Empty(Gateway.Usage.Recent);
    }

    private static string StreamBody => $$"""{"model":"{{Model}}","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"Hi"}]}""";

    private static void AssertEndsWithError(IReadOnlyList<SseItem<string>> events, string type)
    {
        AnthropicStreamChecker.AssertWellFormed(events.Select(e => ((string?)e.EventType, e.Data)).ToList());
        Assert.Equal("error", events[^1].EventType);
        using var error = JsonDocument.Parse(events[^1].Data);
        Assert.Equal(type, error.RootElement.GetProperty("error").GetProperty("type").GetString());
    }
}
