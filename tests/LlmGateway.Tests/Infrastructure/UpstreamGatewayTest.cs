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

    /// <summary>POST /v1/chat/completions with the test client key and a raw JSON body.</summary>
    protected static HttpRequestMessage ChatRequest(string body) => new(HttpMethod.Post, "v1/chat/completions")
    {
        Content = new StringContent(body, Encoding.UTF8, "application/json"),
        Headers = { { "Authorization", "Bearer " + GatewayFixture.ClientKey } },
    };

    protected Task<HttpResponseMessage> PostChatAsync(string body, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead) =>
        Gateway.Http.SendAsync(ChatRequest(body), completion);
}
