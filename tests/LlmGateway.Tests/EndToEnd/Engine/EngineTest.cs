using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using LlmGateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace LlmGateway.Tests.EndToEnd.Engine;

/// <summary>
/// Base for the execution engine's end-to-end tests: a <see cref="FakeUpstream"/> and a <see cref="FakeClock"/>;
/// each test starts the gateway with the keys and settings it needs (<see cref="StartGatewayAsync"/>). The
/// <c>openai</c> provider serves <c>gpt-4o</c> and <c>gpt-4o-mini</c> with keys <see cref="Key0"/>, <see cref="Key1"/>...
/// </summary>
public abstract class EngineTest : IAsyncLifetime
{
    protected const string Key0 = "sk-upstream-secret-0001";
    protected const string Key1 = "sk-upstream-secret-0002";
    protected const string Key2 = "sk-upstream-secret-0003";
    protected const string ChatBody = """{"model":"gpt-4o","messages":[{"role":"user","content":"Hi"}]}""";
    protected const string StreamBody = """{"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"Hi"}]}""";

    private static readonly string[] AllKeys = [Key0, Key1, Key2];
    private GatewayFixture? _gateway;

    protected FakeClock Clock { get; } = new();

    protected FakeUpstream Upstream { get; private set; } = null!;

    /// <summary>Settings for probing: no waiting for a cooling key, so a request it cannot serve answers 429 at once.</summary>
    protected static Dictionary<string, string?> NoWait => new() { ["Gateway:Retry:MaxWaitSeconds"] = "0" };

    protected GatewayFixture Gateway => _gateway ?? throw new InvalidOperationException("Call StartGatewayAsync first.");

    public async Task InitializeAsync() => Upstream = await FakeUpstream.StartAsync();

    public virtual async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        await Upstream.DisposeAsync();
    }

    /// <summary>Starts the gateway on the fake clock with <paramref name="keys"/> openai keys (0 for credentials set in <paramref name="settings"/>).</summary>
    protected async Task<GatewayFixture> StartGatewayAsync(int keys = 1, IDictionary<string, string?>? settings = null)
    {
        var config = new Dictionary<string, string?>
        {
            ["Gateway:ClientKeys:0:Name"] = "test",
            ["Gateway:ClientKeys:0:Key"] = GatewayFixture.ClientKey,
            ["Gateway:Providers:mock:Type"] = "mock",
            ["Gateway:Providers:mock:Models:0"] = "echo",
            ["Gateway:Providers:openai:Type"] = "openai",
            ["Gateway:Providers:openai:BaseUrl"] = Upstream.BaseUrl,
            ["Gateway:Providers:openai:Models:0"] = "gpt-4o",
            ["Gateway:Providers:openai:Models:1"] = "gpt-4o-mini",
        };
        for (var i = 0; i < keys; i++)
        {
            config["Gateway:Providers:openai:Keys:" + i.ToString(CultureInfo.InvariantCulture)] = AllKeys[i];
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        _gateway = await GatewayFixture.StartWithAsync(config, Clock);
        return _gateway;
    }

    /// <summary>The upstream key a request carried (OpenAI's bearer token, Anthropic's x-api-key or Google's x-goog-api-key).</summary>
    protected static string KeyOf(RecordedRequest request) =>
        request.Header("authorization") is { } bearer ? bearer["Bearer ".Length..] : request.Header("x-api-key") ?? request.Header("x-goog-api-key") ?? "";

    /// <summary>The keys of every upstream request so far, in order.</summary>
    protected List<string> UpstreamKeys() => Upstream.Requests.Select(KeyOf).ToList();

    /// <summary>POST /v1/chat/completions with the test client key, and a session header when given.</summary>
    protected static HttpRequestMessage ChatRequest(string body = ChatBody, string? session = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
            Headers = { { "Authorization", "Bearer " + GatewayFixture.ClientKey } },
        };
        if (session is not null)
        {
            request.Headers.Add("X-Session-Affinity", session);
        }

        return request;
    }

    protected static string ChatBodyFor(string model, bool stream = false) =>
        "{\"model\":\"" + model + "\"," + (stream ? "\"stream\":true," : "") + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

    protected Task<HttpResponseMessage> PostChatAsync(string body = ChatBody, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead, CancellationToken cancellationToken = default) =>
        Gateway.Http.SendAsync(ChatRequest(body), completion, cancellationToken);

    /// <summary>
    /// Sends a chat request for <paramref name="model"/> and reports whether it reached the upstream: with
    /// <c>Retry:MaxWaitSeconds</c> 0, a key that is cooling down is seen as a 429 that made no upstream call.
    /// </summary>
    protected async Task<Probe> ProbeAsync(string model = "gpt-4o")
    {
        var before = Upstream.Requests.Count;
        using var response = await Gateway.Http.SendAsync(ChatRequest(ChatBodyFor(model)));
        var body = await response.Content.ReadAsStringAsync();
        return new Probe(response.StatusCode, (int?)response.Headers.RetryAfter?.Delta?.TotalSeconds, Upstream.Requests.Count - before, body);
    }

    /// <summary>The <c>error</c> object of an OpenAI-shaped error body.</summary>
    protected static JsonNode ErrorOf(string body) => JsonNode.Parse(body)!["error"]!;

    protected static Task Ok(HttpContext context) => FakeUpstream.Json(context, 200, Canned.Completion("ok"));

    protected static Task Fail(HttpContext context, int status, IDictionary<string, string>? headers = null) =>
        FakeUpstream.Json(context, status, Canned.Error("upstream says " + status.ToString(CultureInfo.InvariantCulture), "server_error", "status_" + status.ToString(CultureInfo.InvariantCulture)), headers);

    protected static Dictionary<string, string> RetryAfter(int seconds) => new() { ["Retry-After"] = seconds.ToString(CultureInfo.InvariantCulture) };

    /// <summary>What one request did: the client's status and <c>Retry-After</c>, and how many upstream requests it made.</summary>
    protected sealed record Probe(HttpStatusCode Status, int? RetryAfterSeconds, int UpstreamCalls, string Body)
    {
        public bool ReachedUpstream => UpstreamCalls > 0;
    }
}
