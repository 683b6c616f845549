using System.Text;

namespace LlmGateway.Tests.Infrastructure;

/// <summary>Base for end-to-end tests: a fresh <see cref="FakeUpstream"/> with a gateway in front, per test.</summary>
public abstract class UpstreamGatewayTest : IAsyncLifetime
{
    protected FakeUpstream Upstream { get; private set; } = null!;

    protected GatewayFixture Gateway { get; private set; } = null!;

    /// <summary>Extra configuration for the gateway under test.</summary>
    protected virtual IDictionary<string, string?>? Settings => null;

    /// <summary>What the upstream answers until a test says otherwise (default: <c>{}</c>).</summary>
    protected virtual Func<RecordedRequest, Microsoft.AspNetCore.Http.HttpContext, Task>? DefaultUpstreamHandler => null;

    public async Task InitializeAsync()
    {
        Upstream = await FakeUpstream.StartAsync();
        Upstream.Handler = DefaultUpstreamHandler ?? Upstream.Handler;
        Gateway = await GatewayFixture.StartAsync(Upstream, Settings);
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Upstream.DisposeAsync();
    }

    /// <summary>Another gateway in front of the same upstream: this class's settings plus <paramref name="extra"/>.</summary>
    protected Task<GatewayFixture> StartGatewayWithAsync(IDictionary<string, string?> extra)
    {
        var settings = new Dictionary<string, string?>(Settings ?? new Dictionary<string, string?>());
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return GatewayFixture.StartAsync(Upstream, settings);
    }

    /// <summary>No waiting for a cooling credential: a request answers as soon as every credential has been tried.</summary>
    protected static Dictionary<string, string?> NoWait => new() { ["Gateway:Retry:MaxWaitSeconds"] = "0" };

    /// <summary>POST /v1/chat/completions with the test client key and a raw JSON body.</summary>
    protected static HttpRequestMessage ChatRequest(string body) => new(HttpMethod.Post, "v1/chat/completions")
    {
        Content = new StringContent(body, Encoding.UTF8, "application/json"),
        Headers = { { "Authorization", "Bearer " + GatewayFixture.ClientKey } },
    };

    protected Task<HttpResponseMessage> PostChatAsync(string body, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead) =>
        Gateway.Http.SendAsync(ChatRequest(body), completion);
}
