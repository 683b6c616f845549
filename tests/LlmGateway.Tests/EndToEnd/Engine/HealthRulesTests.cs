using System.Net;
using LlmGateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace LlmGateway.Tests.EndToEnd.Engine;

/// <summary>
/// The health rules other than rate limits, seen from outside: after an upstream failure, how long the key (or the
/// model on it) is left alone, and which failures change nothing. With <c>Retry:MaxWaitSeconds</c> 0 a cooling
/// key answers 429 at once without an upstream call, and its <c>Retry-After</c> tells how long it has left.
/// </summary>
public sealed class HealthRulesTests : EngineTest
{
    [Theory]
    [InlineData(401)]
    [InlineData(402)]
    [InlineData(403)]
    public async Task Chat_KeyRejected_WholeKeyOutForEveryModelFor30Minutes(int status)
    {
        await StartGatewayAsync(settings: NoWait);
        Upstream.Handler = (_, context) => Fail(context, status);

        var rejected = await ProbeAsync("gpt-4o");
        Upstream.Handler = (_, context) => Ok(context);
        var otherModel = await ProbeAsync("gpt-4o-mini");
        Clock.Advance(TimeSpan.FromMinutes(30) - TimeSpan.FromSeconds(1));
        var lastSecond = await ProbeAsync("gpt-4o-mini");
        Clock.Advance(TimeSpan.FromSeconds(1));
        var after = await ProbeAsync("gpt-4o-mini");

        Assert.Equal((status, 1), ((int)rejected.Status, rejected.UpstreamCalls));
        Assert.Equal((HttpStatusCode.TooManyRequests, 1800, 0), (otherModel.Status, otherModel.RetryAfterSeconds, otherModel.UpstreamCalls));
        Assert.Equal((1, 0), (lastSecond.RetryAfterSeconds, lastSecond.UpstreamCalls));
        Assert.Equal((HttpStatusCode.OK, 1), (after.Status, after.UpstreamCalls));
    }

    [Fact]
    public async Task Chat_KeyRejectedWithTwoKeys_RetriedOnTheOtherAndEveryModelAvoidsTheRejectedKey()
    {
        await StartGatewayAsync(keys: 2);
        Upstream.Handler = (request, context) => KeyOf(request) == Key0 ? Fail(context, 401) : Ok(context);

        var statuses = new List<HttpStatusCode>();
        foreach (var model in (string[])["gpt-4o", "gpt-4o-mini", "gpt-4o-mini", "gpt-4o", "gpt-4o-mini"])
        {
            using var response = await Gateway.Http.SendAsync(ChatRequest(ChatBodyFor(model)));
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal([Key0, Key1, Key1, Key1, Key1, Key1], UpstreamKeys());
    }

    [Fact]
    public async Task Chat_404_OnlyThatModelOnThatKeyOutFor12Hours()
    {
        await StartGatewayAsync(settings: NoWait);
        Upstream.Handler = (_, context) => Fail(context, 404);

        var notFound = await ProbeAsync("gpt-4o");
        Upstream.Handler = (_, context) => Ok(context);
        var otherModel = await ProbeAsync("gpt-4o-mini");
        var sameModel = await ProbeAsync("gpt-4o");
        Clock.Advance(TimeSpan.FromHours(12) - TimeSpan.FromSeconds(1));
        var lastSecond = await ProbeAsync("gpt-4o");
        Clock.Advance(TimeSpan.FromSeconds(1));
        var after = await ProbeAsync("gpt-4o");

        Assert.Equal((HttpStatusCode.NotFound, 1), (notFound.Status, notFound.UpstreamCalls));
        Assert.Equal((HttpStatusCode.OK, 1), (otherModel.Status, otherModel.UpstreamCalls));
        Assert.Equal((HttpStatusCode.TooManyRequests, 43200, 0), (sameModel.Status, sameModel.RetryAfterSeconds, sameModel.UpstreamCalls));
        Assert.Equal((1, 0), (lastSecond.RetryAfterSeconds, lastSecond.UpstreamCalls));
        Assert.Equal((HttpStatusCode.OK, 1), (after.Status, after.UpstreamCalls));
    }

    [Theory]
    [InlineData(408)]
    [InlineData(500)]
    [InlineData(503)]
    public async Task Chat_ServerError_ThatModelOnThatKeyOutFor60Seconds(int status)
    {
        await StartGatewayAsync(settings: NoWait);
        Upstream.Handler = (_, context) => Fail(context, status);

        var failed = await ProbeAsync("gpt-4o");
        Upstream.Handler = (_, context) => Ok(context);
        var otherModel = await ProbeAsync("gpt-4o-mini");
        var sameModel = await ProbeAsync("gpt-4o");
        Clock.Advance(TimeSpan.FromSeconds(59));
        var lastSecond = await ProbeAsync("gpt-4o");
        Clock.Advance(TimeSpan.FromSeconds(1));
        var after = await ProbeAsync("gpt-4o");

        Assert.Equal((status, 1), ((int)failed.Status, failed.UpstreamCalls));
        Assert.Equal("status_" + status, ErrorOf(failed.Body)["code"]!.GetValue<string>());
        Assert.Equal((HttpStatusCode.OK, 1), (otherModel.Status, otherModel.UpstreamCalls));
        Assert.Equal((HttpStatusCode.TooManyRequests, 60, 0), (sameModel.Status, sameModel.RetryAfterSeconds, sameModel.UpstreamCalls));
        Assert.Equal((1, 0), (lastSecond.RetryAfterSeconds, lastSecond.UpstreamCalls));
        Assert.Equal((HttpStatusCode.OK, 1), (after.Status, after.UpstreamCalls));
    }

    [Fact]
    public async Task Chat_ConnectionDroppedBeforeAnswer_WholeKeyOutFor60Seconds()
    {
        await StartGatewayAsync(settings: NoWait);
        Upstream.Handler = (_, context) =>
        {
            context.Abort();
            return Task.CompletedTask;
        };

        var dropped = await ProbeAsync("gpt-4o");
        Upstream.Handler = (_, context) => Ok(context);
        var otherModel = await ProbeAsync("gpt-4o-mini");
        Clock.Advance(TimeSpan.FromSeconds(59));
        var lastSecond = await ProbeAsync("gpt-4o-mini");
        Clock.Advance(TimeSpan.FromSeconds(1));
        var after = await ProbeAsync("gpt-4o-mini");

        Assert.Equal((HttpStatusCode.BadGateway, 1), (dropped.Status, dropped.UpstreamCalls));
        Assert.Equal("upstream_unreachable", ErrorOf(dropped.Body)["code"]!.GetValue<string>());
        Assert.Equal((HttpStatusCode.TooManyRequests, 60, 0), (otherModel.Status, otherModel.RetryAfterSeconds, otherModel.UpstreamCalls));
        Assert.Equal((1, 0), (lastSecond.RetryAfterSeconds, lastSecond.UpstreamCalls));
        Assert.Equal((HttpStatusCode.OK, 1), (after.Status, after.UpstreamCalls));
    }

    [Theory]
    [InlineData(400, "invalid_request_error", "invalid_value")]
    [InlineData(413, "invalid_request_error", "request_too_large")]
    [InlineData(422, "invalid_request_error", "unprocessable_entity")]
    [InlineData(400, "invalid_request_error", "context_length_exceeded")]
    public async Task Chat_RequestFault_ReturnedAtOnceFromOneUpstreamRequestWithoutCooldown(int status, string type, string code)
    {
        await StartGatewayAsync(keys: 2);
        var message = code == "context_length_exceeded"
            ? "This model's maximum context length is 128000 tokens. However, your messages resulted in 130512 tokens."
            : "The request is not acceptable.";
        var error = Canned.Error(message, type, code);
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, status, error);

        using var fault = await PostChatAsync();
        var faultBody = await fault.Content.ReadAsStringAsync();
        var callsForFault = Upstream.Requests.Count;
        Upstream.Handler = (_, context) => Ok(context);
        using var next = await PostChatAsync();
        using var nextAgain = await PostChatAsync();

        Assert.Equal(status, (int)fault.StatusCode);
        Assert.Equal(error, faultBody);
        Assert.Equal(1, callsForFault);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (next.StatusCode, nextAgain.StatusCode));
        Assert.Equal([Key0, Key1, Key0], UpstreamKeys());
    }

    [Fact]
    public async Task Messages_PromptTooLongFromAnthropic_ReturnedAtOnceWithoutRetryOrCooldown()
    {
        await StartGatewayAsync(settings: new Dictionary<string, string?>
        {
            ["Gateway:Providers:anthropic:Type"] = "anthropic",
            ["Gateway:Providers:anthropic:BaseUrl"] = Upstream.BaseUrl,
            ["Gateway:Providers:anthropic:Keys:0"] = "sk-ant-upstream-0001",
            ["Gateway:Providers:anthropic:Keys:1"] = "sk-ant-upstream-0002",
            ["Gateway:Providers:anthropic:Models:0"] = "claude-sonnet-4-5",
        });
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 400, CannedAnthropic.Error("invalid_request_error", "prompt is too long: 208431 tokens > 200000 maximum"));

        using var fault = await Gateway.Http.SendAsync(ChatRequest(ChatBodyFor("claude-sonnet-4-5")));
        var error = ErrorOf(await fault.Content.ReadAsStringAsync());
        var callsForFault = Upstream.Requests.Count;
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, CannedAnthropic.Message("ok"));
        using var next = await Gateway.Http.SendAsync(ChatRequest(ChatBodyFor("claude-sonnet-4-5")));
        using var nextAgain = await Gateway.Http.SendAsync(ChatRequest(ChatBodyFor("claude-sonnet-4-5")));

        Assert.Equal(HttpStatusCode.BadRequest, fault.StatusCode);
        Assert.Equal("context_length_exceeded", error["code"]!.GetValue<string>());
        Assert.Equal(1, callsForFault);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (next.StatusCode, nextAgain.StatusCode));
        Assert.Equal(["sk-ant-upstream-0001", "sk-ant-upstream-0002", "sk-ant-upstream-0001"], UpstreamKeys());
    }

    [Theory]
    [InlineData(401)]
    [InlineData(429)]
    [InlineData(500)]
    public async Task CountTokens_UpstreamFails_ErrorRelayedAndKeyHealthUnchanged(int status)
    {
        await StartGatewayAsync(settings: new Dictionary<string, string?>(NoWait)
        {
            ["Gateway:Providers:anthropic:Type"] = "anthropic",
            ["Gateway:Providers:anthropic:BaseUrl"] = Upstream.BaseUrl,
            ["Gateway:Providers:anthropic:Keys:0"] = "sk-ant-upstream-0001",
            ["Gateway:Providers:anthropic:Models:0"] = "claude-sonnet-4-5",
        });
        var error = CannedAnthropic.Error("api_error", "count_tokens is having a moment");
        Upstream.Handler = (request, context) => request.Path.EndsWith("/count_tokens", StringComparison.Ordinal)
            ? FakeUpstream.Json(context, status, error, RetryAfter(600))
            : FakeUpstream.Json(context, 200, CannedAnthropic.Message("ok"));
        const string Body = """{"model":"claude-sonnet-4-5","max_tokens":64,"messages":[{"role":"user","content":"Hi"}]}""";

        using var counted = await Gateway.Http.SendAsync(AnthropicRequests.Messages(Body, "v1/messages/count_tokens"));
        var countedBody = await counted.Content.ReadAsStringAsync();
        using var countedAgain = await Gateway.Http.SendAsync(AnthropicRequests.Messages(Body, "v1/messages/count_tokens"));
        using var message = await Gateway.Http.SendAsync(AnthropicRequests.Messages(Body));

        Assert.Equal(status, (int)counted.StatusCode);
        Assert.Equal(error, countedBody);
        Assert.Equal(status, (int)countedAgain.StatusCode);
        Assert.Equal(HttpStatusCode.OK, message.StatusCode);
        Assert.Equal(["/v1/messages/count_tokens", "/v1/messages/count_tokens", "/v1/messages"], Upstream.Requests.Select(r => r.Path));
    }
}
