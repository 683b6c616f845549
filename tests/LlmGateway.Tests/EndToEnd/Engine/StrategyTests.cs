using System.Net;
using LlmGateway.Tests.Infrastructure;

namespace LlmGateway.Tests.EndToEnd.Engine;

/// <summary>How the gateway spreads requests over a provider's keys, as the upstream sees them.</summary>
public sealed class StrategyTests : EngineTest
{
    [Fact]
    public async Task Chat_RoundRobinOverThreeKeys_300RequestsSplitIntoThirds()
    {
        await StartGatewayAsync(keys: 3);
        Upstream.Handler = (_, context) => Ok(context);

        var statuses = await SendAsync(300);

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        var perKey = UpstreamKeys().CountBy(k => k).ToDictionary();
        Assert.Equal([Key0, Key1, Key2], perKey.Keys.Order(StringComparer.Ordinal));
        Assert.All(perKey.Values, count => Assert.InRange(count, 99, 101));
    }

    [Fact]
    public async Task Chat_FillFirst_FirstKeyServesUntilItCoolsThenTheNextUntilItIsBack()
    {
        await StartGatewayAsync(keys: 3, new Dictionary<string, string?> { ["Gateway:Providers:openai:Strategy"] = "fill-first" });
        Upstream.Handler = (_, context) => Ok(context);
        await SendAsync(5);
        Upstream.Handler = (request, context) => KeyOf(request) == Key0 ? Fail(context, 429, RetryAfter(60)) : Ok(context);
        await SendAsync(5);
        Clock.Advance(TimeSpan.FromSeconds(60));
        Upstream.Handler = (_, context) => Ok(context);
        await SendAsync(3);

        Assert.Equal(
            [Key0, Key0, Key0, Key0, Key0, /* cools */ Key0, Key1, Key1, Key1, Key1, Key1, /* back */ Key0, Key0, Key0],
            UpstreamKeys());
    }

    [Fact]
    public async Task Chat_Weighted3To1_Gives75And25Percent()
    {
        await StartGatewayAsync(keys: 0, new Dictionary<string, string?>
        {
            ["Gateway:Providers:openai:Strategy"] = "weighted",
            ["Gateway:Providers:openai:Credentials:0:Key"] = Key0,
            ["Gateway:Providers:openai:Credentials:0:Weight"] = "3",
            ["Gateway:Providers:openai:Credentials:1:Key"] = Key1,
            ["Gateway:Providers:openai:Credentials:1:Weight"] = "1",
        });
        Upstream.Handler = (_, context) => Ok(context);

        await SendAsync(200);

        var keys = UpstreamKeys();
        Assert.Equal(150, keys.Count(k => k == Key0));
        Assert.Equal(50, keys.Count(k => k == Key1));
    }

    [Fact]
    public async Task Chat_PriorityTiers_BackupTierServesOnlyWhileEveryPrimaryKeyCools()
    {
        await StartGatewayAsync(keys: 0, new Dictionary<string, string?>
        {
            ["Gateway:Providers:openai:Credentials:0:Key"] = Key0,
            ["Gateway:Providers:openai:Credentials:1:Key"] = Key1,
            ["Gateway:Providers:openai:Credentials:2:Key"] = Key2,
            ["Gateway:Providers:openai:Credentials:2:Priority"] = "1",
        });
        var mark = 0;
        List<string> NewKeys()
        {
            var keys = UpstreamKeys();
            var fresh = keys.Skip(mark).ToList();
            mark = keys.Count;
            return fresh;
        }

        Upstream.Handler = (_, context) => Ok(context);
        await SendAsync(10);
        var primaryOnly = NewKeys();
        Upstream.Handler = (request, context) => KeyOf(request) == Key0 ? Fail(context, 429, RetryAfter(60)) : Ok(context);
        await SendAsync(4);
        var oneCooling = NewKeys();
        Upstream.Handler = (request, context) => KeyOf(request) == Key2 ? Ok(context) : Fail(context, 429, RetryAfter(60));
        await SendAsync(1);
        var bothCoolingStarted = NewKeys();
        await SendAsync(3);
        var bothCooling = NewKeys();
        Clock.Advance(TimeSpan.FromSeconds(60));
        Upstream.Handler = (_, context) => Ok(context);
        await SendAsync(4);
        var primaryBack = NewKeys();

        Assert.Equal(5, primaryOnly.Count(k => k == Key0));
        Assert.Equal(5, primaryOnly.Count(k => k == Key1));
        Assert.Equal([Key0, Key1, Key1, Key1, Key1], oneCooling);
        Assert.Equal([Key1, Key2], bothCoolingStarted);
        Assert.Equal([Key2, Key2, Key2], bothCooling);
        Assert.Equal(2, primaryBack.Count(k => k == Key0));
        Assert.Equal(2, primaryBack.Count(k => k == Key1));
    }

    [Fact]
    public async Task Chat_SessionAffinity_SameSessionStaysOnOneKeyAndOtherSessionsSpread()
    {
        await StartGatewayAsync(keys: 3);
        Upstream.Handler = (_, context) => Ok(context);

        var alpha = new List<string>();
        var firstOfEach = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            alpha.Add(await SendOnSessionAsync("alpha"));
            firstOfEach.Add(await SendOnSessionAsync("session-" + i));
        }

        Assert.Single(alpha.Distinct());
        Assert.Equal(3, firstOfEach.Distinct().Count());
    }

    [Fact]
    public async Task Chat_SessionKeyCools_FailsOverAndTheSessionStaysOnItsNewKey()
    {
        await StartGatewayAsync(keys: 3);
        Upstream.Handler = (_, context) => Ok(context);
        var bound = await SendOnSessionAsync("alpha");
        Upstream.Handler = (request, context) => KeyOf(request) == bound ? Fail(context, 429, RetryAfter(60)) : Ok(context);

        var before = Upstream.Requests.Count;
        await SendOnSessionAsync("alpha");
        var failover = UpstreamKeys().Skip(before).ToList();
        var rebound = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            rebound.Add(await SendOnSessionAsync("alpha"));
        }

        Clock.Advance(TimeSpan.FromSeconds(60));
        Upstream.Handler = (_, context) => Ok(context);
        for (var i = 0; i < 3; i++)
        {
            rebound.Add(await SendOnSessionAsync("alpha"));
        }

        Assert.Equal(2, failover.Count);
        Assert.Equal(bound, failover[0]);
        Assert.NotEqual(bound, failover[1]);
        Assert.All(rebound, key => Assert.Equal(failover[1], key));
    }

    private async Task<List<HttpStatusCode>> SendAsync(int count)
    {
        var statuses = new List<HttpStatusCode>(count);
        for (var i = 0; i < count; i++)
        {
            using var response = await Gateway.Http.SendAsync(ChatRequest());
            statuses.Add(response.StatusCode);
        }

        return statuses;
    }

    /// <summary>Sends one request on a session and returns the key that served it (the upstream's last request).</summary>
    private async Task<string> SendOnSessionAsync(string session)
    {
        using var response = await Gateway.Http.SendAsync(ChatRequest(session: session));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return KeyOf(Upstream.LastRequest);
    }
}
