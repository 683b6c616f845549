using System.Text;
using LlmGateway.Auth;
using LlmGateway.State;
using LlmGateway.Tests.Infrastructure;
using LlmGateway.Usage;
using Microsoft.Extensions.DependencyInjection;

namespace LlmGateway.Tests.EndToEnd.Azure;

/// <summary>
/// Two gateway instances (the real Server host, twice) sharing one Azurite table store under a table prefix of
/// their own, in front of one <see cref="FakeUpstream"/> whose <c>openai</c> provider has two keys
/// (<c>openai:0</c> = <see cref="Key0"/>, <c>openai:1</c> = <see cref="Key1"/>).
/// </summary>
internal sealed class TwoInstanceGateway : IAsyncDisposable
{
    public const string Key0 = "sk-upstream-secret-0001";
    public const string Key1 = "sk-upstream-secret-0002";

    private TwoInstanceGateway(FakeUpstream upstream, GatewayFixture a, GatewayFixture b, string prefix)
    {
        Upstream = upstream;
        A = a;
        B = b;
        Prefix = prefix;
    }

    public FakeUpstream Upstream { get; }

    public GatewayFixture A { get; }

    public GatewayFixture B { get; }

    public string Prefix { get; }

    public static async Task<TwoInstanceGateway> StartAsync(AzuriteFixture azurite, IDictionary<string, string?>? settings = null)
    {
        var prefix = AzuriteFixture.UniquePrefix();
        var config = new Dictionary<string, string?>
        {
            ["Gateway:Storage:ConnectionString"] = azurite.ConnectionString,
            ["Gateway:Storage:TablePrefix"] = prefix,
            ["Gateway:Providers:openai:Keys:0"] = Key0,
            ["Gateway:Providers:openai:Keys:1"] = Key1,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        var upstream = await FakeUpstream.StartAsync();
        var a = await GatewayFixture.StartAsync(upstream, config);
        var b = await GatewayFixture.StartAsync(upstream, config);
        return new TwoInstanceGateway(upstream, a, b, prefix);
    }

    /// <summary>POST /v1/chat/completions for <paramref name="model"/> with <paramref name="clientKey"/>.</summary>
    public static Task<HttpResponseMessage> ChatAsync(GatewayFixture gateway, string model = "gpt-4o", string clientKey = GatewayFixture.ClientKey, string path = "v1/chat/completions")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent($$"""{"model":"{{model}}","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
            Headers = { { "Authorization", "Bearer " + clientKey } },
        };
        return gateway.Http.SendAsync(request);
    }

    public static TableCredentialStateStore Cooldowns(GatewayFixture gateway) =>
        (TableCredentialStateStore)gateway.Services.GetRequiredService<ICredentialStateStore>();

    public static TableClientKeyStore ClientKeys(GatewayFixture gateway) =>
        (TableClientKeyStore)gateway.Services.GetRequiredService<IClientKeyStore>();

    public static TableUsageSink UsageTables(GatewayFixture gateway) => gateway.Services.GetRequiredService<TableUsageSink>();

    public async ValueTask DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        await Upstream.DisposeAsync();
    }
}
