using System.ClientModel;
using System.ClientModel.Primitives;
using Anthropic;
using LlmGateway.Configuration;
using LlmGateway.Server;
using LlmGateway.Usage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Responses;

namespace LlmGateway.Tests.Infrastructure;

/// <summary>
/// The Server host (the same <see cref="GatewayServer.Build"/> that <c>dotnet run --project src/Server</c> uses) on
/// 127.0.0.1 with a free port, configured in memory, usually in front of a <see cref="FakeUpstream"/>.
/// </summary>
public sealed class GatewayFixture : IAsyncDisposable
{
    public const string ClientKey = "sk-test-client-key-1";

    private readonly WebApplication _app;

    private GatewayFixture(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
        Http = new HttpClient { BaseAddress = new Uri(baseUrl + "/") };
    }

    /// <summary>The root URL, e.g. http://127.0.0.1:12345 (the OpenAI base URL is this + /v1).</summary>
    public string BaseUrl { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    internal ObservedUsageSink Usage => (ObservedUsageSink)_app.Services.GetRequiredService<IUsageSink>();

    /// <summary>The gateway's own usage store (in memory, or the table store with <c>Gateway:Storage</c>), which the observed sink feeds.</summary>
    internal IUsageStore UsageStore => _app.Services.GetRequiredService<IUsageStore>();

    /// <summary>The usage records once <paramref name="count"/> have been written.</summary>
    internal Task<IReadOnlyList<UsageRecord>> UsageAsync(int count) => Usage.WaitAsync(count);

    /// <summary>
    /// Starts a gateway whose <c>openai</c> provider points at <paramref name="upstream"/>, plus a mock provider.
    /// A null value in <paramref name="settings"/> removes that default (e.g. <c>Gateway:Providers:openai:Keys:0</c>).
    /// </summary>
    public static Task<GatewayFixture> StartAsync(
        FakeUpstream? upstream, IDictionary<string, string?>? settings = null, TimeProvider? clock = null, Action<IServiceCollection>? services = null)
    {
        var config = new Dictionary<string, string?>
        {
            ["Gateway:ClientKeys:0:Name"] = "test",
            ["Gateway:ClientKeys:0:Key"] = ClientKey,
            ["Gateway:Providers:mock:Type"] = "mock",
            ["Gateway:Providers:mock:Models:0"] = "echo",
        };
        if (upstream is not null)
        {
            config["Gateway:Providers:openai:Type"] = "openai";
            config["Gateway:Providers:openai:BaseUrl"] = upstream.BaseUrl;
            config["Gateway:Providers:openai:Keys:0"] = "sk-upstream-secret-0001";
            config["Gateway:Providers:openai:Models:0"] = "gpt-4o";
            config["Gateway:Providers:openai:Models:1"] = "gpt-4o-mini";
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                config.Remove(key);
            }
            else
            {
                config[key] = value;
            }
        }

        return StartWithAsync(config, clock, services);
    }

    /// <param name="config">The whole configuration.</param>
    /// <param name="clock">A <see cref="FakeClock"/> for tests of cooldowns, timeouts and keep-alives; the system clock otherwise.</param>
    /// <param name="services">
    /// Registrations made after the gateway's, so they replace them (a test <c>SecretClient</c>, a capturing
    /// <see cref="ILoggerProvider"/>: logging providers are cleared before this runs).
    /// </param>
    public static async Task<GatewayFixture> StartWithAsync(IDictionary<string, string?> config, TimeProvider? clock = null, Action<IServiceCollection>? services = null)
    {
        var app = GatewayServer.Build(["--urls", "http://127.0.0.1:0", "--environment", "Testing"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(config);
            builder.Services.AddSingleton<IUsageSink>(sp => new ObservedUsageSink(sp.GetRequiredService<IUsageStore>() as IUsageSink));
            if (clock is not null)
            {
                builder.Services.AddSingleton(clock);
            }

            services?.Invoke(builder.Services);
            builder.Logging.ClearProviders();
            services?.Invoke(builder.Services);
        });
        await app.StartAsync();
        return new GatewayFixture(app, app.Addresses().First());
    }

    /// <summary>The official OpenAI SDK pointed at the gateway, with its own retries off so statuses are seen as sent.</summary>
    public ChatClient Chat(string model, string? key = ClientKey) =>
        new(model, new ApiKeyCredential(key ?? ClientKey), Options());

    public OpenAIClient OpenAI(string? key = ClientKey) => new(new ApiKeyCredential(key ?? ClientKey), Options());

    /// <summary>
    /// The official OpenAI SDK's Responses client pointed at the gateway, retries off; <paramref name="tap"/> keeps the
    /// raw body of each answer when given.
    /// </summary>
    public ResponsesClient Responses(ResponseTapHandler? tap = null, string? key = ClientKey) => new(new ApiKeyCredential(key ?? ClientKey), new ResponsesClientOptions
    {
        Endpoint = new Uri(BaseUrl + "/v1"),
        RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        Transport = tap is null ? null : new HttpClientPipelineTransport(new HttpClient(tap)),
    });

    /// <summary>
    /// The official Anthropic SDK pointed at the gateway's root (Anthropic clients add /v1 themselves), with its own
    /// retries off so statuses are seen as sent; <paramref name="recorder"/> sees the raw traffic when given.
    /// </summary>
    public AnthropicClient Anthropic(string? key = ClientKey, RecordingHandler? recorder = null) => recorder is null
        ? new AnthropicClient { BaseUrl = BaseUrl, ApiKey = key ?? ClientKey, MaxRetries = 0 }
        : new AnthropicClient { BaseUrl = BaseUrl, ApiKey = key ?? ClientKey, MaxRetries = 0, HttpClient = new HttpClient(recorder) };

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private OpenAIClientOptions Options() => new()
    {
        Endpoint = new Uri(BaseUrl + "/v1"),
        RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
    };
}
