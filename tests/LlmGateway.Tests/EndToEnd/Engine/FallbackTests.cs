using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using LlmGateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace LlmGateway.Tests.EndToEnd.Engine;

/// <summary>
/// <c>Gateway:Fallbacks</c>: when the model's own provider cannot serve, the chain's targets are tried in order,
/// each with up to <c>Retry:MaxAttempts</c> keys, before the client sees an error.
/// </summary>
public sealed class FallbackTests : EngineTest
{
    private const string BackupKey = "sk-backup-0001";
    private readonly ConcurrentQueue<(string Provider, string Key)> _order = new();
    private FakeUpstream _backup = null!;

    [Fact]
    public async Task Chat_PrimaryKeysFail_FallbackServesAfterMaxAttemptsOnThePrimary()
    {
        await StartAsync();
        Upstream.Handler = Recording("openai", (_, context) => Fail(context, 500));
        _backup.Handler = Recording("backup", (_, context) => FakeUpstream.Json(context, 200, Canned.Completion("from the backup")));

        using var response = await PostChatAsync();
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("from the backup", answer["choices"]![0]!["message"]!["content"]!.GetValue<string>());
        AssertTwoPrimaryKeysThenTheBackup();
        Assert.Equal("backup-model", _backup.LastRequest.Json["model"]!.GetValue<string>());
        var record = Assert.Single(await Gateway.UsageAsync(1));
        Assert.Equal(("backup", "backup-model", 3, 200), (record.Provider, record.ModelServed, record.Attempts, record.Status));
    }

    [Fact]
    public async Task Chat_PrimaryAndFirstFallbackFail_SecondFallbackServesInChainOrder()
    {
        await StartAsync();
        Upstream.Handler = Recording("openai", (_, context) => Fail(context, 503));
        _backup.Handler = Recording("backup", (_, context) => Fail(context, 502));

        using var response = await PostChatAsync();
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("from the mock", answer["choices"]![0]!["message"]!["content"]!.GetValue<string>());
        AssertTwoPrimaryKeysThenTheBackup();
        var record = Assert.Single(await Gateway.UsageAsync(1));
        Assert.Equal(("mock", "echo", 4), (record.Provider, record.ModelServed, record.Attempts));
    }

    [Fact]
    public async Task Chat_EveryTargetFails_LastUpstreamErrorRelayed()
    {
        await StartAsync(withMock: false);
        Upstream.Handler = Recording("openai", (_, context) => Fail(context, 503));
        _backup.Handler = Recording("backup", (_, context) => Fail(context, 502));

        using var response = await PostChatAsync();
        var error = ErrorOf(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("status_502", error["code"]!.GetValue<string>());
        AssertTwoPrimaryKeysThenTheBackup();
    }

    [Fact]
    public async Task Chat_PrimaryCoolingWithinWaitBudget_FallbackServesAtOnceWithoutWaiting()
    {
        await StartAsync(primaryKeys: 2);
        Upstream.Handler = Recording("openai", (_, context) => Fail(context, 429, RetryAfter(5)));
        _backup.Handler = Recording("backup", (_, context) => FakeUpstream.Json(context, 200, Canned.Completion("from the backup")));
        using (await PostChatAsync())
        {
        }

        using var response = await PostChatAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["openai", "openai", "backup", "backup"], _order.Select(o => o.Provider));
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _backup.DisposeAsync();
    }

    private void AssertTwoPrimaryKeysThenTheBackup()
    {
        Assert.Equal(["openai", "openai", "backup"], _order.Select(o => o.Provider));
        Assert.Equal(2, _order.Where(o => o.Provider == "openai").Select(o => o.Key).Distinct().Count());
        Assert.Equal(BackupKey, _order.Last().Key);
    }

    private async Task StartAsync(bool withMock = true, int primaryKeys = 3)
    {
        _backup = await FakeUpstream.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Gateway:Retry:MaxAttempts"] = "2",
            ["Gateway:Providers:backup:Type"] = "openai",
            ["Gateway:Providers:backup:BaseUrl"] = _backup.BaseUrl,
            ["Gateway:Providers:backup:Keys:0"] = BackupKey,
            ["Gateway:Providers:backup:Models:0"] = "backup-model",
            ["Gateway:Providers:mock:Reply"] = "from the mock",
            ["Gateway:Fallbacks:gpt-4o:0"] = "backup/backup-model",
        };
        if (withMock)
        {
            settings["Gateway:Fallbacks:gpt-4o:1"] = "mock/echo";
        }

        await StartGatewayAsync(primaryKeys, settings);
    }

    private Func<RecordedRequest, HttpContext, Task> Recording(string provider, Func<RecordedRequest, HttpContext, Task> handler) => (request, context) =>
    {
        _order.Enqueue((provider, KeyOf(request)));
        return handler(request, context);
    };
}
