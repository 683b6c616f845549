using System.Net;
using LlmGateway.Tests.Infrastructure;

namespace LlmGateway.Tests.EndToEnd.Engine;

/// <summary>
/// The 429 rows of the health rules: the key cools for exactly the delay the upstream gave (Retry-After as seconds
/// or a date, retry-after-ms, OpenAI's and Anthropic's rate-limit reset headers, Gemini's RetryInfo), else for 1 s
/// doubling per consecutive 429 until a success. Probed with <c>Retry:MaxWaitSeconds</c> 0 (see <see cref="EngineTest.ProbeAsync"/>).
/// </summary>
public sealed class RateLimitRulesTests : EngineTest
{
    [Theory]
    [InlineData("Retry-After=7", 7)]
    [InlineData("Retry-After=Thu, 01 Jan 2026 12:00:07 GMT", 7)]
    [InlineData("retry-after-ms=7000", 7)]
    [InlineData("x-ratelimit-remaining-requests=0|x-ratelimit-reset-requests=1m30s|x-ratelimit-remaining-tokens=9000|x-ratelimit-reset-tokens=6ms", 90)]
    [InlineData("x-ratelimit-remaining-requests=12|x-ratelimit-reset-requests=20s|x-ratelimit-remaining-tokens=0|x-ratelimit-reset-tokens=4s", 4)]
    [InlineData("x-ratelimit-remaining-requests=5|x-ratelimit-reset-requests=2s|x-ratelimit-remaining-tokens=9|x-ratelimit-reset-tokens=5s", 5)]
    public async Task Chat_429WithDelayFromUpstream_KeyCoolsForExactlyThatLong(string headers, int seconds)
    {
        await StartGatewayAsync(settings: NoWait);
        var rateLimited = headers.Split('|').Select(h => h.Split('=', 2)).ToDictionary(h => h[0], h => h[1]);
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 429, Canned.Error("slow down", "requests", "rate_limit_exceeded"), rateLimited);

        var first = await ProbeAsync();
        Upstream.Handler = (_, context) => Ok(context);
        Clock.Advance(TimeSpan.FromSeconds(seconds - 1));
        var lastSecond = await ProbeAsync();
        Clock.Advance(TimeSpan.FromSeconds(1));
        var after = await ProbeAsync();

        Assert.Equal((HttpStatusCode.TooManyRequests, 1), (first.Status, first.UpstreamCalls));
        Assert.Equal((HttpStatusCode.TooManyRequests, 1, 0), (lastSecond.Status, lastSecond.RetryAfterSeconds, lastSecond.UpstreamCalls));
        Assert.Equal((HttpStatusCode.OK, 1), (after.Status, after.UpstreamCalls));
    }

    [Fact]
    public async Task Messages_AnthropicRateLimitResetHeaders_KeyCoolsUntilTheExhaustedLimitResets()
    {
        await StartGatewayAsync(settings: new Dictionary<string, string?>(NoWait)
        {
            ["Gateway:Providers:anthropic:Type"] = "anthropic",
            ["Gateway:Providers:anthropic:BaseUrl"] = Upstream.BaseUrl,
            ["Gateway:Providers:anthropic:Keys:0"] = "sk-ant-upstream-0001",
            ["Gateway:Providers:anthropic:Models:0"] = "claude-sonnet-4-5",
        });
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 429, CannedAnthropic.Error("rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit."), new Dictionary<string, string>
        {
            ["anthropic-ratelimit-requests-limit"] = "50",
            ["anthropic-ratelimit-requests-remaining"] = "12",
            ["anthropic-ratelimit-requests-reset"] = "2026-01-01T12:00:45Z",
            ["anthropic-ratelimit-input-tokens-limit"] = "30000",
            ["anthropic-ratelimit-input-tokens-remaining"] = "0",
            ["anthropic-ratelimit-input-tokens-reset"] = "2026-01-01T12:00:20Z",
        });
        const string Body = """{"model":"claude-sonnet-4-5","max_tokens":64,"messages":[{"role":"user","content":"Hi"}]}""";

        using var first = await Gateway.Http.SendAsync(AnthropicRequests.Messages(Body));
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, CannedAnthropic.Message("ok"));
        Clock.Advance(TimeSpan.FromSeconds(19));
        using var lastSecond = await Gateway.Http.SendAsync(AnthropicRequests.Messages(Body));
        var callsWhileCooling = Upstream.Requests.Count;
        Clock.Advance(TimeSpan.FromSeconds(1));
        using var after = await Gateway.Http.SendAsync(AnthropicRequests.Messages(Body));

        Assert.Equal(HttpStatusCode.TooManyRequests, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, lastSecond.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), lastSecond.Headers.RetryAfter?.Delta);
        Assert.Equal(1, callsWhileCooling);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(2, Upstream.Requests.Count);
    }

    [Fact]
    public async Task Chat_GeminiRetryInfoInBody_KeyCoolsForItsRetryDelay()
    {
        await StartGatewayAsync(settings: new Dictionary<string, string?>(NoWait).Concat(CannedGemini.Provider(Upstream)).ToDictionary());
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 429, CannedGemini.Error(429, "RESOURCE_EXHAUSTED", "Quota exceeded.",
            """[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"33s"}]"""));

        var first = await ProbeAsync(CannedGemini.UpstreamModel);
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, CannedGemini.Response("ok"));
        Clock.Advance(TimeSpan.FromSeconds(32));
        var lastSecond = await ProbeAsync(CannedGemini.UpstreamModel);
        Clock.Advance(TimeSpan.FromSeconds(1));
        var after = await ProbeAsync(CannedGemini.UpstreamModel);

        Assert.Equal((HttpStatusCode.TooManyRequests, 1), (first.Status, first.UpstreamCalls));
        Assert.Equal((HttpStatusCode.TooManyRequests, 1, 0), (lastSecond.Status, lastSecond.RetryAfterSeconds, lastSecond.UpstreamCalls));
        Assert.Equal((HttpStatusCode.OK, 1), (after.Status, after.UpstreamCalls));
    }

    [Fact]
    public async Task Chat_429WithoutDelay_CooldownDoubles1s2s4sAndStartsOverAfterASuccess()
    {
        await StartGatewayAsync(settings: NoWait);
        Upstream.Handler = (_, context) => Fail(context, 429);

        var cooldowns = new List<int?>();
        for (var strike = 0; strike < 3; strike++)
        {
            var failed = await ProbeAsync();
            Assert.Equal((HttpStatusCode.TooManyRequests, 1), (failed.Status, failed.UpstreamCalls));
            var cooling = await ProbeAsync();
            Assert.Equal(0, cooling.UpstreamCalls);
            cooldowns.Add(cooling.RetryAfterSeconds);
            Clock.Advance(TimeSpan.FromSeconds(cooling.RetryAfterSeconds!.Value));
        }

        Upstream.Handler = (_, context) => Ok(context);
        var success = await ProbeAsync();
        Upstream.Handler = (_, context) => Fail(context, 429);
        await ProbeAsync();
        var afterReset = await ProbeAsync();

        Assert.Equal([1, 2, 4], cooldowns);
        Assert.Equal((HttpStatusCode.OK, 1), (success.Status, success.UpstreamCalls));
        Assert.Equal((HttpStatusCode.TooManyRequests, 1, 0), (afterReset.Status, afterReset.RetryAfterSeconds, afterReset.UpstreamCalls));
    }
}
