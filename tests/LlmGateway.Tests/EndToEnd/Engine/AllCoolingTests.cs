using System.Net;
using System.Text.Json.Nodes;
using LlmGateway.Tests.Infrastructure;

namespace LlmGateway.Tests.EndToEnd.Engine;

/// <summary>
/// When every key is cooling down: a 429 of the gateway's own naming when the keys are back, or — when one is back
/// within the wait budget (<c>Retry:MaxWaitSeconds</c>) — a wait on the clock and a retry.
/// </summary>
public sealed class AllCoolingTests : EngineTest
{
    [Fact]
    public async Task Chat_BothKeysAnswer429WithRetryAfter120_Gateway429WithRetryAfterAndResetTime()
    {
        await StartGatewayAsync(keys: 2);
        Upstream.Handler = (_, context) => Fail(context, 429, RetryAfter(120));

        using var response = await PostChatAsync();
        var error = ErrorOf(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(120), response.Headers.RetryAfter?.Delta);
        Assert.Equal("all_credentials_cooling_down", error["code"]!.GetValue<string>());
        Assert.Equal("rate_limit_error", error["type"]!.GetValue<string>());
        Assert.Contains("2026-01-01T12:02:00Z", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal([Key0, Key1], UpstreamKeys());
    }

    [Fact]
    public async Task Chat_EveryKeyTriedUpToMaxAttemptsAndAnswered429_Gateway429QuotingTheUpstream()
    {
        await StartGatewayAsync(keys: 3);
        Upstream.Handler = (_, context) => Fail(context, 429, RetryAfter(120));

        using var response = await PostChatAsync();
        var error = ErrorOf(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(120), response.Headers.RetryAfter?.Delta);
        Assert.Equal("all_credentials_cooling_down", error["code"]!.GetValue<string>());
        Assert.Contains("upstream says 429", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal([Key0, Key1, Key2], UpstreamKeys().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Chat_TriedKeysAnswered429WhileAnUntriedKeyIsHealthy_UpstreamsOwn429Relayed()
    {
        await StartGatewayAsync(keys: 3, new Dictionary<string, string?> { ["Gateway:Retry:MaxAttempts"] = "2" });
        var body = Canned.Error("Rate limit reached for gpt-4o.", "requests", "rate_limit_exceeded");
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 429, body, RetryAfter(120));

        using var response = await PostChatAsync();

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(120), response.Headers.RetryAfter?.Delta);
        Assert.Equal(body, await response.Content.ReadAsStringAsync());
        Assert.Equal(2, Upstream.Requests.Count);
    }

    [Fact]
    public async Task Chat_ArrivesWhileEveryKeyCools_NoUpstreamCallAndRetryAfterIsTheTimeLeft()
    {
        await StartGatewayAsync(keys: 2);
        Upstream.Handler = (_, context) => Fail(context, 429, RetryAfter(120));
        using (await PostChatAsync())
        {
        }

        Clock.Advance(TimeSpan.FromSeconds(50));
        using var response = await PostChatAsync();
        var error = ErrorOf(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(70), response.Headers.RetryAfter?.Delta);
        Assert.Equal("all_credentials_cooling_down", error["code"]!.GetValue<string>());
        Assert.Contains("2026-01-01T12:02:00Z", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(2, Upstream.Requests.Count);
    }

    [Fact]
    public async Task Messages_EveryKeyCooling_AnthropicClientGetsRateLimitErrorInItsShape()
    {
        await StartGatewayAsync(keys: 2);
        Upstream.Handler = (_, context) => Fail(context, 429, RetryAfter(120));

        using var response = await Gateway.Http.SendAsync(AnthropicRequests.Messages("""{"model":"gpt-4o","max_tokens":64,"messages":[{"role":"user","content":"Hi"}]}"""));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(120), response.Headers.RetryAfter?.Delta);
        Assert.Equal("error", body["type"]!.GetValue<string>());
        Assert.Equal("rate_limit_error", body["error"]!["type"]!.GetValue<string>());
        Assert.Contains("2026-01-01T12:02:00Z", body["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_BothKeysAnswer429WithShortRetryAfter_RequestWaitsOnTheClockThenSucceeds()
    {
        await StartGatewayAsync(keys: 2);
        var rateLimited = 0;
        Upstream.Handler = (_, context) => Interlocked.Increment(ref rateLimited) <= 2 ? Fail(context, 429, RetryAfter(2)) : Ok(context);

        var pending = PostChatAsync();
        await Clock.WhenTimerDueInAsync(TimeSpan.FromSeconds(2)).WaitAsync(TimeSpan.FromSeconds(20));
        var callsWhileWaiting = Upstream.Requests.Count;
        var completedBeforeAdvance = pending.IsCompleted;
        Clock.Advance(TimeSpan.FromSeconds(2));
        using var response = await pending;

        Assert.False(completedBeforeAdvance);
        Assert.Equal(2, callsWhileWaiting);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, Upstream.Requests.Count);
        Assert.Equal(3, Assert.Single(await Gateway.UsageAsync(1)).Attempts);
    }

    [Fact]
    public async Task Chat_ArrivesWhileEveryKeyCoolsWithinTheWaitBudget_WaitsWithoutUpstreamCallThenSucceeds()
    {
        await StartGatewayAsync(keys: 2, new Dictionary<string, string?> { ["Gateway:Retry:MaxWaitSeconds"] = "10" });
        Upstream.Handler = (_, context) => Fail(context, 429, RetryAfter(20));
        using (var first = await PostChatAsync())
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, first.StatusCode);
        }

        Upstream.Handler = (_, context) => Ok(context);
        Clock.Advance(TimeSpan.FromSeconds(15));
        var pending = PostChatAsync();
        await Clock.WhenTimerDueInAsync(TimeSpan.FromSeconds(5)).WaitAsync(TimeSpan.FromSeconds(20));
        var callsWhileWaiting = Upstream.Requests.Count;
        Clock.Advance(TimeSpan.FromSeconds(5));
        using var response = await pending;

        Assert.Equal(2, callsWhileWaiting);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, Upstream.Requests.Count);
    }

    [Fact]
    public async Task Chat_EveryKeyAnswers503_LastUpstreamErrorRelayedNot429()
    {
        await StartGatewayAsync(keys: 2);
        Upstream.Handler = (_, context) => Fail(context, 503);

        using var response = await PostChatAsync();
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("status_503", ErrorOf(body)["code"]!.GetValue<string>());
        Assert.Equal([Key0, Key1], UpstreamKeys());
    }
}
