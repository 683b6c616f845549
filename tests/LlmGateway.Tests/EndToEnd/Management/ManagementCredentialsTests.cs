using System.Net;
using System.Text.Json.Nodes;
using LlmGateway.State;
using LlmGateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LlmGateway.Tests.EndToEnd.Management;

/// <summary><c>/v0/management/credentials</c>: upstream keys by id, their health, counts, and resetting a cooldown.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ManagementCredentialsTests(AzuriteFixture azurite) : ManagementTest(azurite)
{
    public const string BackupKey = "sk-upstream-backup-0002";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Gateway:Providers:openai:Credentials:0:Label"] = "backup",
        ["Gateway:Providers:openai:Credentials:0:Key"] = BackupKey,
        ["Gateway:Providers:openai:Credentials:0:Priority"] = "1",
        ["Gateway:Providers:openai:Credentials:0:Weight"] = "3",
        ["Gateway:Providers:openai:Credentials:0:ExcludedModels:0"] = "gpt-4o-mini",
    };

    [Fact]
    public async Task Credentials_ListEveryUpstreamKeyByIdWithoutItsValue()
    {
        await ChatOkAsync();

        var list = await GetAsync("credentials");
        var text = list.ToJsonString();

        Assert.Equal(["mock:keyless", "openai:0", "openai:backup"], Ids(list));
        var primary = Credential(list, "openai:0");
        Assert.Equal("openai", primary["provider"]!.GetValue<string>());
        Assert.True(primary["enabled"]!.GetValue<bool>());
        Assert.Equal(0, primary["priority"]!.GetValue<int>());
        Assert.Equal(1, primary["weight"]!.GetValue<int>());
        Assert.Equal("healthy", primary["state"]!.GetValue<string>());
        Assert.Empty(primary["models"]!.AsArray());
        Assert.Equal(1, primary["successes"]!.GetValue<long>());
        Assert.Equal(0, primary["failures"]!.GetValue<long>());
        Assert.Null(primary["lastError"]);
        var backup = Credential(list, "openai:backup");
        Assert.Equal(1, backup["priority"]!.GetValue<int>());
        Assert.Equal(3, backup["weight"]!.GetValue<int>());
        var excluded = Assert.Single(backup["models"]!.AsArray())!;
        Assert.Equal(("gpt-4o-mini", "out"), (excluded["model"]!.GetValue<string>(), excluded["state"]!.GetValue<string>()));
        Assert.DoesNotContain(UpstreamKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain(BackupKey, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credentials_RateLimited_ShowCoolingUntilTheLastErrorAndCounts()
    {
        await ChatOkAsync();
        Upstream.Handler = Answer(429, Canned.Error("Rate limit reached for " + UpstreamKey, "rate_limit_error", "rate_limit_exceeded"), new Dictionary<string, string> { ["Retry-After"] = "120" });
        await ChatRecordedAsync(Gateway, status: HttpStatusCode.TooManyRequests);

        var list = await GetAsync("credentials");

        var now = Clock.GetUtcNow();
        foreach (var id in new[] { "openai:0", "openai:backup" })
        {
            var credential = Credential(list, id);
            Assert.Equal("healthy", credential["state"]!.GetValue<string>());
            var model = credential["models"]!.AsArray().Single(m => m!["model"]!.GetValue<string>() == "gpt-4o")!;
            Assert.Equal("cooling", model["state"]!.GetValue<string>());
            Assert.Equal(now.AddSeconds(120), model["until"]!.GetValue<DateTimeOffset>());
            Assert.Equal(429, model["status"]!.GetValue<int>());
            Assert.Equal(1, model["strikes"]!.GetValue<int>());
            Assert.Equal(1, credential["failures"]!.GetValue<long>());
            Assert.Equal("upstream_429", credential["lastError"]!["class"]!.GetValue<string>());
            Assert.Equal(now, credential["lastError"]!["time"]!.GetValue<DateTimeOffset>());
        }

        Assert.Equal(1, Credential(list, "openai:0")["successes"]!.GetValue<long>());
        Assert.DoesNotContain(UpstreamKey, list.ToJsonString(), StringComparison.Ordinal);

        Clock.Advance(TimeSpan.FromSeconds(120));
        var later = Credential(await GetAsync("credentials"), "openai:0")["models"]!.AsArray().Single()!;
        Assert.Equal("healthy", later["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task Credentials_KeyRejected_WholeCredentialIsOut()
    {
        Upstream.Handler = Answer(401, Canned.Error("Incorrect API key provided: " + UpstreamKey, "invalid_request_error", "invalid_api_key"));
        using var refused = await ChatAsync();

        var credential = Credential(await GetAsync("credentials"), "openai:0");

        Assert.Equal("out", credential["state"]!.GetValue<string>());
        Assert.Equal(Clock.GetUtcNow().AddMinutes(30), credential["until"]!.GetValue<DateTimeOffset>());
        Assert.Equal("*", credential["models"]![0]!["model"]!.GetValue<string>());
        Assert.Equal("upstream_401", credential["lastError"]!["class"]!.GetValue<string>());
    }

    [Fact]
    public async Task ResetCredential_ClearsItsCooldownsAndTrafficReturnsToIt()
    {
        Upstream.Handler = Answer(429, "{}", new Dictionary<string, string> { ["Retry-After"] = "600" });
        await ChatRecordedAsync(Gateway, status: HttpStatusCode.TooManyRequests);
        Upstream.Handler = Answer(200, Canned.Completion("ok"));

        var reset = await PostAsync("credentials/openai%3A0/reset");
        var list = await GetAsync("credentials");
        await ChatOkAsync();

        Assert.Equal("openai:0", reset["id"]!.GetValue<string>());
        Assert.Empty(reset["models"]!.AsArray());
        Assert.Empty(Credential(list, "openai:0")["models"]!.AsArray());
        Assert.Equal("cooling", Credential(list, "openai:backup")["models"]!.AsArray().Single(m => m!["model"]!.GetValue<string>() == "gpt-4o")!["state"]!.GetValue<string>());
        Assert.Equal("openai:0", Gateway.Usage.Recent.Last().CredentialId);
        Assert.Equal("Bearer " + UpstreamKey, Upstream.LastRequest.Header("authorization"));
    }

    [Fact]
    public async Task ResetCredential_UnknownId_Answers404()
    {
        var body = await PostAsync("credentials/openai:nope/reset", status: HttpStatusCode.NotFound);

        Assert.Equal("credential_not_found", body["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Credentials_IdNoLongerConfiguredButCoolingDown_IsListedDisabled()
    {
        var state = Gateway.Services.GetRequiredService<ICredentialStateStore>();
        state.SetCooldown(new Cooldown("openai:retired", Cooldown.AllModels, Clock.GetUtcNow().AddMinutes(5), "rate limited (429)", 429, 2));

        var retired = Credential(await GetAsync("credentials"), "openai:retired");
        await PostAsync("credentials/openai:retired/reset");

        Assert.False(retired["enabled"]!.GetValue<bool>());
        Assert.Equal("openai", retired["provider"]!.GetValue<string>());
        Assert.Equal("cooling", retired["state"]!.GetValue<string>());
        Assert.DoesNotContain("openai:retired", Ids(await GetAsync("credentials")));
    }

    private static List<string> Ids(JsonNode list) => [.. list["data"]!.AsArray().Select(c => c!["id"]!.GetValue<string>())];

    private static JsonNode Credential(JsonNode list, string id) => list["data"]!.AsArray().Single(c => c!["id"]!.GetValue<string>() == id)!;
}
