using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using LlmGateway.Credentials.KeyVault;
using LlmGateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LlmGateway.Tests.EndToEnd;

/// <summary>
/// The gateway with its upstream keys and client key in a <see cref="FakeKeyVault"/>, on a <see cref="FakeClock"/>
/// (the vault is re-read every 300 s of fake time, so any other read is one the gateway asked for).
/// </summary>
public sealed class KeyVaultTests : IAsyncLifetime
{
    private const string ClientKey = "ck-vault-client-AAAA0001";
    private const string OldKey = "sk-vault-old-BBBB0002";
    private const string NewKey = "sk-vault-new-CCCC0003";
    private const string EastKey = "sk-vault-east-DDDD0004";
    private const string ManagementKey = "mk-vault-management-EEEE0005";

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private static readonly string[] SecretValues = [ClientKey, OldKey, NewKey, EastKey, ManagementKey];

    private readonly FakeClock _clock = new();
    private readonly CapturingLoggerProvider _logs = new();
    private readonly StringBuilder _seen = new();
    private FakeKeyVault _vault = null!;
    private FakeUpstream _upstream = null!;
    private FakeUpstream _east = null!;
    private GatewayFixture? _gateway;

    private GatewayFixture Gateway => _gateway ?? throw new InvalidOperationException("Call StartAsync first.");

    private KeyVaultRefresher Refresher => Gateway.Services.GetRequiredService<KeyVaultRefresher>();

    public async Task InitializeAsync()
    {
        _vault = await FakeKeyVault.StartAsync();
        _upstream = await FakeUpstream.StartAsync();
        _east = await FakeUpstream.StartAsync();
        _vault.SetSecret("client-key--ci", ClientKey);
        _vault.SetSecret("management-key", ManagementKey);
        _vault.SetSecret("db-password", "not-the-gateways");
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        await _east.DisposeAsync();
        await _upstream.DisposeAsync();
        await _vault.DisposeAsync();
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    public async Task Chat_KeyRejectedAfterRotationInTheVault_VaultReadAtOnceAndNextRequestUsesTheNewKey(int status)
    {
        _vault.SetSecret("upstream--openai--primary", OldKey);
        await StartAsync();
        _vault.SetSecret("upstream--openai--primary", NewKey);
        _upstream.Handler = (request, context) => KeyOf(request) == OldKey ? Rejected(context, status) : Ok(context);
        var changed = NextChange();

        using var rejected = await ChatAsync("gpt-4o");
        var snapshot = await changed.WaitAsync(Deadline);
        using var served = await ChatAsync("gpt-4o");

        Assert.Equal(status, (int)rejected.StatusCode);
        Assert.Equal(NewKey, snapshot.GetKeys("openai")[0].Secret);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal([OldKey, NewKey], _upstream.Requests.Select(KeyOf));
        Assert.Equal(2, _vault.ListCalls);
        Assert.Contains(_logs.Entries, e => e.EventId.Id == 7020);
    }

    [Fact]
    public async Task Chat_PaymentRequired_DoesNotReadTheVault()
    {
        _vault.SetSecret("upstream--openai--primary", OldKey);
        await StartAsync();
        _upstream.Handler = (_, context) => Rejected(context, 402);

        using var response = await ChatAsync("gpt-4o");

        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        Assert.DoesNotContain(_logs.Entries, e => e.EventId.Id == 7020);
        Assert.Equal(1, _vault.ListCalls);
    }

    [Fact]
    public async Task Chat_KeyWithBaseUrlAndModelsTags_ServesOnlyItsModelsAtItsOwnUrl()
    {
        _vault.SetSecret("upstream--openai--primary", OldKey, new Dictionary<string, string> { ["priority"] = "1" });
        _vault.SetSecret("upstream--openai--east", EastKey, new Dictionary<string, string> { ["models"] = "gpt-4o-mini", ["baseUrl"] = _east.BaseUrl });
        await StartAsync();
        _upstream.Handler = (_, context) => Ok(context);
        _east.Handler = (_, context) => Ok(context);

        using var mini = await ChatAsync("gpt-4o-mini");
        using var full = await ChatAsync("gpt-4o");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (mini.StatusCode, full.StatusCode));
        var east = Assert.Single(_east.Requests);
        Assert.Equal(("/v1/chat/completions", EastKey, "gpt-4o-mini"), (east.Path, KeyOf(east), east.Json["model"]!.GetValue<string>()));
        var main = Assert.Single(_upstream.Requests);
        Assert.Equal((OldKey, "gpt-4o"), (KeyOf(main), main.Json["model"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Chat_KeyTaggedEnabledFalse_LeavesThePoolAtTheNextRead()
    {
        _vault.SetSecret("upstream--openai--primary", OldKey);
        _vault.SetSecret("upstream--openai--backup", NewKey, new Dictionary<string, string> { ["priority"] = "1" });
        await StartAsync();
        _upstream.Handler = (_, context) => Ok(context);
        using (await ChatAsync("gpt-4o"))
        {
        }

        _vault.UpdateProperties("upstream--openai--primary", tags: new Dictionary<string, string> { ["enabled"] = "false" });
        await RefreshOnScheduleAsync();
        using var after = await ChatAsync("gpt-4o");

        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal([OldKey, NewKey], _upstream.Requests.Select(KeyOf));
    }

    [Fact]
    public async Task ClientKeyFromTheVault_Accepted_ThenRefusedOnceDisabled()
    {
        await StartAsync();

        using var accepted = await ChatAsync("echo");
        using var wrong = await ChatAsync("echo", key: ClientKey + "x");
        _vault.UpdateProperties("client-key--ci", enabled: false);
        await RefreshOnScheduleAsync();
        using var refused = await ChatAsync("echo");

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("ci", (await Gateway.UsageAsync(1))[0].ClientKey);
    }

    [Fact]
    public async Task Healthz_VaultLoadedThenFailing_OkThenDegradedWithStaleKeyVaultAndStill200()
    {
        _vault.SetSecret("upstream--openai--primary", OldKey);
        await StartAsync();

        var (okStatus, ok) = await HealthAsync();
        _clock.Advance(TimeSpan.FromSeconds(10));
        _vault.FailureStatus = 503;
        await Assert.ThrowsAnyAsync<Exception>(() => Refresher.RefreshNowAsync());
        var (staleStatus, stale) = await HealthAsync();

        Assert.Equal((HttpStatusCode.OK, "ok", "ok"), (okStatus, ok["status"]!.GetValue<string>(), ok["keyVault"]!["status"]!.GetValue<string>()));
        Assert.Equal((1, 1, true), (ok["keyVault"]!["upstreamKeys"]!.GetValue<int>(), ok["keyVault"]!["clientKeys"]!.GetValue<int>(), ok["keyVault"]!["managementKey"]!.GetValue<bool>()));
        Assert.Null(ok["keyVault"]!["lastFailure"]);
        Assert.Equal(HttpStatusCode.OK, staleStatus);
        Assert.Equal(("degraded", "stale", "HTTP 503 ServiceUnavailable"), (
            stale["status"]!.GetValue<string>(),
            stale["keyVault"]!["status"]!.GetValue<string>(),
            stale["keyVault"]!["lastFailure"]!.GetValue<string>()));
        Assert.Equal(ok["keyVault"]!["lastReadAt"]!.GetValue<DateTimeOffset>(), stale["keyVault"]!["lastReadAt"]!.GetValue<DateTimeOffset>());
        Assert.DoesNotContain(_vault.VaultUri.Authority, stale.ToJsonString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SecretValues_EveryPathTaken_NeverInLogsResponsesOrHealth()
    {
        _vault.SetSecret("upstream--openai--primary", OldKey);
        _vault.SetSecret("upstream--openai--east", EastKey, new Dictionary<string, string> { ["baseUrl"] = "not a url", ["weight"] = "x" });
        await StartAsync();
        _vault.SetSecret("upstream--openai--primary", NewKey);
        _upstream.Handler = (request, context) => KeyOf(request) == OldKey
            ? FakeUpstream.Json(context, 401, Canned.Error("Incorrect API key provided: " + KeyOf(request), "invalid_request_error", "invalid_api_key"))
            : Ok(context);
        _east.Handler = _upstream.Handler;
        var changed = NextChange();

        for (var i = 0; i < 3; i++)
        {
            using (await ChatAsync("gpt-4o"))
            {
            }
        }

        await changed.WaitAsync(Deadline);
        using (await ChatAsync("gpt-4o"))
        {
        }

        await HealthAsync();
        _vault.FailureStatus = 500;
        await Assert.ThrowsAnyAsync<Exception>(() => Refresher.RefreshNowAsync());
        await HealthAsync();

        Assert.Contains(_logs.Entries, e => e.EventId.Id == 7004);
        Assert.Contains(_logs.Entries, e => e.EventId.Id == 7012);
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Debug);
        var logged = _logs.AllText;
        Assert.All(SecretValues, value => Assert.DoesNotContain(value, logged, StringComparison.Ordinal));
        Assert.All(SecretValues, value => Assert.DoesNotContain(value, _seen.ToString(), StringComparison.Ordinal));
        Assert.All(SecretValues, value => Assert.DoesNotContain(value[^8..], _seen.ToString(), StringComparison.Ordinal));
    }

    private async Task StartAsync()
    {
        var config = new Dictionary<string, string?>
        {
            ["Gateway:KeyVaultUri"] = _vault.VaultUri.ToString(),
            ["Gateway:Providers:mock:Type"] = "mock",
            ["Gateway:Providers:mock:Models:0"] = "echo",
            ["Gateway:Providers:openai:Type"] = "openai",
            ["Gateway:Providers:openai:BaseUrl"] = _upstream.BaseUrl,
            ["Gateway:Providers:openai:Models:0"] = "gpt-4o",
            ["Gateway:Providers:openai:Models:1"] = "gpt-4o-mini",
            ["Logging:LogLevel:Default"] = "Trace",
        };
        _gateway = await GatewayFixture.StartWithAsync(config, _clock, services =>
        {
            services.AddSingleton(_vault.CreateClient());
            services.AddSingleton<ILoggerProvider>(_logs);
        });
        Assert.True(Refresher.HasLoaded);
        await _clock.WhenTimerDueInAsync(TimeSpan.FromSeconds(300)).WaitAsync(Deadline);
    }

    /// <summary>Moves the clock to the next scheduled read and waits for the snapshot it publishes.</summary>
    private async Task RefreshOnScheduleAsync()
    {
        var changed = NextChange();
        var dueIn = TimeSpan.FromSeconds(300) - (_clock.GetUtcNow() - Refresher.LastSuccessAt!.Value);
        await _clock.WhenTimerDueInAsync(dueIn).WaitAsync(Deadline);
        _clock.Advance(dueIn);
        await changed.WaitAsync(Deadline);
    }

    private Task<KeyVaultSnapshot> NextChange()
    {
        var next = new TaskCompletionSource<KeyVaultSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        Refresher.Changed += (_, snapshot) => next.TrySetResult(snapshot);
        return next.Task;
    }

    private async Task<HttpResponseMessage> ChatAsync(string model, string key = ClientKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = new StringContent("{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", Encoding.UTF8, "application/json"),
            Headers = { { "Authorization", "Bearer " + key } },
        };
        var response = await Gateway.Http.SendAsync(request);
        _seen.AppendLine(response.Headers.ToString()).AppendLine(await response.Content.ReadAsStringAsync());
        return response;
    }

    private async Task<(HttpStatusCode Status, JsonNode Body)> HealthAsync()
    {
        using var response = await Gateway.Http.GetAsync("healthz");
        var body = await response.Content.ReadAsStringAsync();
        _seen.AppendLine(body);
        return (response.StatusCode, JsonNode.Parse(body)!);
    }

    private static string KeyOf(RecordedRequest request) => request.Header("authorization")?["Bearer ".Length..] ?? "";

    private static Task Ok(HttpContext context) => FakeUpstream.Json(context, 200, Canned.Completion("ok"));

    private static Task Rejected(HttpContext context, int status) =>
        FakeUpstream.Json(context, status, Canned.Error("rejected " + status.ToString(CultureInfo.InvariantCulture), "invalid_request_error", "invalid_api_key"));
}
