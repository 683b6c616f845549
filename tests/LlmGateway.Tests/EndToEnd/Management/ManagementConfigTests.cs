using System.Text.Json.Nodes;
using LlmGateway.Storage.Tables;
using LlmGateway.Tests.Infrastructure;

namespace LlmGateway.Tests.EndToEnd.Management;

/// <summary><c>GET /v0/management/config</c> and <c>models</c>, and no secret in any management answer.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ManagementConfigTests(AzuriteFixture azurite) : ManagementTest(azurite)
{
    private const string BackupKey = "sk-upstream-backup-0002";
    private const string SecondClientKey = "sk-test-client-key-2";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Gateway:ClientKeys:1:Name"] = "second",
        ["Gateway:ClientKeys:1:Key"] = SecondClientKey,
        ["Gateway:Providers:openai:Credentials:0:Label"] = "backup",
        ["Gateway:Providers:openai:Credentials:0:Key"] = BackupKey,
        ["Gateway:Providers:local:Type"] = "openai",
        ["Gateway:Providers:local:BaseUrl"] = "http://127.0.0.1:9/v1",
        ["Gateway:Providers:local:Models:0"] = "*",
        ["Gateway:Aliases:fast:0"] = "openai/gpt-4o-mini",
        ["Gateway:Aliases:fast:1"] = "mock/echo",
        ["Gateway:Fallbacks:openai/gpt-4o:0"] = "mock/echo",
    };

    /// <summary>Every secret the gateway under test is configured with.</summary>
    private static string[] Secrets =>
        [GatewayFixture.ClientKey, SecondClientKey, UpstreamKey, BackupKey, ManagementKey, TableConnectionString.DevelopmentAccountKey];

    [Fact]
    public async Task Config_ShowsTheEffectiveSettingsWithEverySecretRedacted()
    {
        var config = await GetAsync("config");

        Assert.Equal(["***", "***"], config["ClientKeys"]!.AsArray().Select(k => k!["Key"]!.GetValue<string>()));
        Assert.Equal(["test", "second"], config["ClientKeys"]!.AsArray().Select(k => k!["Name"]!.GetValue<string>()));
        var openai = config["Providers"]!["openai"]!;
        Assert.Equal(Upstream.BaseUrl, openai["BaseUrl"]!.GetValue<string>());
        Assert.Equal(["***"], openai["Keys"]!.AsArray().Select(k => k!.GetValue<string>()));
        Assert.Equal("***", openai["Credentials"]![0]!["Key"]!.GetValue<string>());
        Assert.Equal("backup", openai["Credentials"]![0]!["Label"]!.GetValue<string>());
        Assert.Equal(["gpt-4o", "gpt-4o-mini"], openai["Models"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.Equal("***", config["ManagementKey"]!.GetValue<string>());
        var connection = config["Storage"]!["ConnectionString"]!.GetValue<string>();
        Assert.Contains("AccountKey=***", connection, StringComparison.Ordinal);
        Assert.Contains("AccountName=devstoreaccount1", connection, StringComparison.Ordinal);
        Assert.Equal(Prefix, config["Storage"]!["TablePrefix"]!.GetValue<string>());
        Assert.Equal(["openai/gpt-4o-mini", "mock/echo"], config["Aliases"]!["fast"]!.AsArray().Select(t => t!.GetValue<string>()));
        AssertNoSecret(config.ToJsonString(), "config");
    }

    [Fact]
    public async Task Models_ListEveryRoutableModelWithItsTargetsInOrder()
    {
        var models = (await GetAsync("models"))["data"]!.AsArray();

        Assert.Equal(["mock/echo", "openai/gpt-4o", "openai/gpt-4o-mini", "fast", "local/*"], models.Select(m => m!["id"]!.GetValue<string>()));
        var gpt = models.Single(m => m!["id"]!.GetValue<string>() == "openai/gpt-4o")!;
        Assert.Equal("model", gpt["kind"]!.GetValue<string>());
        Assert.Equal([("openai/gpt-4o", false), ("mock/echo", true)], Targets(gpt));
        var fast = models.Single(m => m!["id"]!.GetValue<string>() == "fast")!;
        Assert.Equal("alias", fast["kind"]!.GetValue<string>());
        Assert.Equal([("openai/gpt-4o-mini", false), ("mock/echo", false)], Targets(fast));
        var wildcard = models.Single(m => m!["id"]!.GetValue<string>() == "local/*")!;
        Assert.Equal("wildcard", wildcard["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task EveryManagementAnswer_NeverContainsAConfiguredSecret()
    {
        // Traffic that leaves traces everywhere: a success, an upstream error quoting the key, a managed key.
        await ChatOkAsync();
        Upstream.Handler = Answer(401, Canned.Error("Incorrect API key provided: " + UpstreamKey, "invalid_request_error", "invalid_api_key"));
        using (await ChatAsync())
        {
        }

        Upstream.Handler = Answer(200, Canned.Completion("ok"));
        using var create = await SendAsync(HttpMethod.Post, "keys", """{"label":"scan"}""");
        var createdBody = await create.Content.ReadAsStringAsync();
        var created = JsonNode.Parse(createdBody)!;
        var id = created["id"]!.GetValue<string>();
        var managedKey = created["key"]!.GetValue<string>();
        await ChatOkAsync(managedKey, "echo");
        var export = await BodyAsync(HttpMethod.Get, "usage/export");

        var bodies = new Dictionary<string, string>
        {
            ["POST keys"] = createdBody,
            ["GET usage/export"] = export,
            ["POST usage/import"] = await BodyAsync(HttpMethod.Post, "usage/import", export),
        };
        foreach (var path in new[] { "usage/summary?groupBy=key", "usage/summary?groupBy=credential", "usage/history", "credentials", "keys", "keys/" + id, "config", "models" })
        {
            bodies["GET " + path] = await BodyAsync(HttpMethod.Get, path);
        }

        bodies["PATCH keys"] = await BodyAsync(HttpMethod.Patch, "keys/" + id, """{"label":"scanned"}""");
        bodies["POST reset"] = await BodyAsync(HttpMethod.Post, "credentials/openai:0/reset");
        bodies["DELETE keys"] = await BodyAsync(HttpMethod.Delete, "keys/" + id);
        bodies["400"] = await BodyAsync(HttpMethod.Get, "usage/history?limit=0");
        bodies["401"] = await BodyAsync(HttpMethod.Get, "config", key: UpstreamKey);
        bodies["404"] = await BodyAsync(HttpMethod.Get, "keys/key_missing");

        foreach (var (route, body) in bodies)
        {
            AssertNoSecret(body, route);
            if (route != "POST keys")
            {
                Assert.False(body.Contains(managedKey, StringComparison.Ordinal), $"{route} contains the managed key");
            }
        }
    }

    private static void AssertNoSecret(string body, string route)
    {
        foreach (var secret in Secrets)
        {
            Assert.False(body.Contains(secret, StringComparison.Ordinal), $"{route} contains the secret {secret[..6]}…");
        }
    }

    private async Task<string> BodyAsync(HttpMethod method, string path, string? body = null, string? key = ManagementKey)
    {
        using var response = await SendAsync(method, path, body, key);
        return await response.Content.ReadAsStringAsync();
    }

    private static List<(string, bool)> Targets(JsonNode model) =>
        [.. model["targets"]!.AsArray().Select(t => (t!["id"]!.GetValue<string>(), t!["fallback"]!.GetValue<bool>()))];
}
