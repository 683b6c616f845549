using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using LlmGateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace LlmGateway.Tests.EndToEnd.Management;

/// <summary>
/// Base for management API tests: a fake upstream, and a gateway in front of it with a management key, its state in
/// Azurite tables of its own (a unique prefix per gateway) and a <see cref="FakeClock"/>.
/// </summary>
public abstract class ManagementTest(AzuriteFixture azurite) : IAsyncLifetime
{
    public const string ManagementKey = "mgmt-test-key-0123456789";
    public const string UpstreamKey = "sk-upstream-secret-0001";

    private readonly List<GatewayFixture> _gateways = [];

    protected AzuriteFixture Azurite { get; } = azurite;

    protected FakeClock Clock { get; } = new();

    protected FakeUpstream Upstream { get; private set; } = null!;

    protected GatewayFixture Gateway { get; private set; } = null!;

    /// <summary>The table prefix of <see cref="Gateway"/>.</summary>
    protected string Prefix { get; private set; } = "";

    /// <summary>Extra configuration for the gateway under test (null values remove a setting).</summary>
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public async Task InitializeAsync()
    {
        Upstream = await FakeUpstream.StartAsync();
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, Canned.Completion("ok"));
        (Gateway, Prefix) = await StartGatewayAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var gateway in _gateways)
        {
            await gateway.DisposeAsync();
        }

        await Upstream.DisposeAsync();
    }

    /// <summary>Another gateway on the same upstream and clock, with fresh tables (or the given prefix's).</summary>
    protected async Task<(GatewayFixture Gateway, string Prefix)> StartGatewayAsync(string? prefix = null, IDictionary<string, string?>? settings = null)
    {
        prefix ??= "m" + Guid.NewGuid().ToString("N")[..12];
        var config = new Dictionary<string, string?>
        {
            ["Gateway:ManagementKey"] = ManagementKey,
            ["Gateway:Storage:ConnectionString"] = Azurite.ConnectionString,
            ["Gateway:Storage:TablePrefix"] = prefix,

            // Background refreshes and flushes only when a test asks (reads flush first): the clock moves in days.
            ["Gateway:Storage:RefreshSeconds"] = "86400",
            ["Gateway:Storage:UsageFlushSeconds"] = "86400",
        };
        foreach (var (key, value) in settings ?? Settings)
        {
            config[key] = value;
        }

        var gateway = await GatewayFixture.StartAsync(Upstream, config, Clock);
        _gateways.Add(gateway);
        return (gateway, prefix);
    }

    /// <summary>A management request with the management key as a bearer token (or <paramref name="key"/>; null sends none).</summary>
    protected static Task<HttpResponseMessage> SendAsync(GatewayFixture gateway, HttpMethod method, string path, string? body = null, string? key = ManagementKey)
    {
        var request = new HttpRequestMessage(method, "v0/management/" + path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + key);
        }

        return gateway.Http.SendAsync(request);
    }

    protected Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? body = null, string? key = ManagementKey) =>
        SendAsync(Gateway, method, path, body, key);

    /// <summary>The JSON body of a management call that must answer <paramref name="status"/>.</summary>
    protected static async Task<JsonNode> JsonAsync(GatewayFixture gateway, HttpMethod method, string path, string? body = null, HttpStatusCode status = HttpStatusCode.OK)
    {
        using var response = await SendAsync(gateway, method, path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{method} {path}: expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    protected Task<JsonNode> GetAsync(string path, HttpStatusCode status = HttpStatusCode.OK) => JsonAsync(Gateway, HttpMethod.Get, path, null, status);

    protected Task<JsonNode> PostAsync(string path, string? body = null, HttpStatusCode status = HttpStatusCode.OK) => JsonAsync(Gateway, HttpMethod.Post, path, body, status);

    /// <summary>Creates a managed client key; returns its id and full value.</summary>
    protected async Task<(string Id, string Key)> CreateKeyAsync(string body = """{"label":"app"}""")
    {
        var created = await PostAsync("keys", body, HttpStatusCode.Created);
        return (created["id"]!.GetValue<string>(), created["key"]!.GetValue<string>());
    }

    /// <summary><c>POST /v1/chat/completions</c> with a client key.</summary>
    protected static async Task<HttpResponseMessage> ChatAsync(GatewayFixture gateway, string key = GatewayFixture.ClientKey, string model = "gpt-4o")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = new StringContent($$"""{"model":"{{model}}","messages":[{"role":"user","content":"Hi"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + key);
        return await gateway.Http.SendAsync(request);
    }

    protected Task<HttpResponseMessage> ChatAsync(string key = GatewayFixture.ClientKey, string model = "gpt-4o") => ChatAsync(Gateway, key, model);

    /// <summary>A chat that must answer <paramref name="status"/> and be recorded; returns once its usage record is written.</summary>
    protected static async Task ChatRecordedAsync(GatewayFixture gateway, string key = GatewayFixture.ClientKey, string model = "gpt-4o", HttpStatusCode status = HttpStatusCode.OK)
    {
        var before = gateway.Usage.Recent.Count;
        using var response = await ChatAsync(gateway, key, model);
        Assert.True(response.StatusCode == status, $"chat with {model}: expected {(int)status}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        await gateway.UsageAsync(before + 1);
    }

    protected Task ChatOkAsync(string key = GatewayFixture.ClientKey, string model = "gpt-4o") => ChatRecordedAsync(Gateway, key, model);

    protected static Func<RecordedRequest, HttpContext, Task> Answer(int status, string body, IDictionary<string, string>? headers = null) =>
        (_, context) => FakeUpstream.Json(context, status, body, headers);
}
