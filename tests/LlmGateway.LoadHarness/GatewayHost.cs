using LlmGateway.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace LlmGateway.LoadHarness;

/// <summary>
/// The gateway under test: the Server host exactly as <c>dotnet run --project src/Server</c> builds it
/// (<see cref="GatewayServer.Build"/>), Production environment, on 127.0.0.1 with a free port, configured in memory
/// with providers that point at the mock. Console logging at Warning, so only problems print.
/// </summary>
internal sealed class GatewayHost : IAsyncDisposable
{
    public const string AnthropicProvider = "anthropic";
    public const string OpenAIProvider = "openai";

    /// <summary>Providers whose streams wait at the mock's gate (fan-out scenario).</summary>
    public const string HeldAnthropicProvider = "anthropic-held";
    public const string HeldOpenAIProvider = "openai-held";

    private readonly WebApplication _app;

    private GatewayHost(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public static async Task<GatewayHost> StartAsync(Uri mock)
    {
        var config = new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            ["Gateway:ClientKeys:0:Name"] = "loadharness",
            ["Gateway:ClientKeys:0:Key"] = Payloads.ClientKey,
        };
        AddProvider(config, AnthropicProvider, "anthropic", new Uri(mock, "v1"), Payloads.AnthropicModel);
        AddProvider(config, OpenAIProvider, "openai", new Uri(mock, "v1"), Payloads.OpenAIModel);
        AddProvider(config, HeldAnthropicProvider, "anthropic", new Uri(mock, "held/v1"), Payloads.AnthropicModel);
        AddProvider(config, HeldOpenAIProvider, "openai", new Uri(mock, "held/v1"), Payloads.OpenAIModel);

        var app = GatewayServer.Build(["--urls", "http://127.0.0.1:0", "--environment", "Production"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(config);
            builder.Logging.ClearProviders();
            builder.Logging.AddConsole();
        });
        await app.StartAsync().ConfigureAwait(false);
        return new GatewayHost(app, new Uri(app.Addresses().First() + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static void AddProvider(Dictionary<string, string?> config, string name, string type, Uri baseUrl, string model)
    {
        var prefix = "Gateway:Providers:" + name + ":";
        config[prefix + "Type"] = type;
        config[prefix + "BaseUrl"] = baseUrl.AbsoluteUri;
        config[prefix + "Keys:0"] = Payloads.UpstreamKey;
        config[prefix + "Models:0"] = model;
    }
}
