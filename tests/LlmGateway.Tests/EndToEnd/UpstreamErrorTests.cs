using System.ClientModel;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using LlmGateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using OpenAI.Chat;

namespace LlmGateway.Tests.EndToEnd;

public sealed class UpstreamErrorTests : UpstreamGatewayTest
{
    private const string ChatBody = """{"model":"gpt-4o","messages":[{"role":"user","content":"Hi"}]}""";

    [Fact]
    public async Task CompleteChat_Upstream429OnTheOnlyKey_SdkSees429QuotingTheUpstreamWithItsRetryAfter()
    {
        var body = Canned.Error("Rate limit reached for gpt-4o. Please try again in 7s.", "requests", "rate_limit_exceeded");
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 429, body, new Dictionary<string, string> { ["Retry-After"] = "7" });
        await using var gateway = await StartGatewayWithAsync(NoWait);

        var error = await Assert.ThrowsAsync<ClientResultException>(() => gateway.Chat("gpt-4o").CompleteChatAsync([new UserChatMessage("Hi")]));

        Assert.Equal(429, error.Status);
        var raw = error.GetRawResponse()!;
        var sent = JsonNode.Parse(raw.Content.ToString())!["error"]!;
        Assert.Equal(("all_credentials_cooling_down", "rate_limit_error"), (sent["code"]!.GetValue<string>(), sent["type"]!.GetValue<string>()));
        Assert.Contains("Rate limit reached for gpt-4o. Please try again in 7s.", sent["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(raw.Headers.TryGetValue("Retry-After", out var retryAfter));
        Assert.Equal("7", retryAfter);
        Assert.Single(Upstream.Requests);
    }

    [Fact]
    public async Task Post_Upstream500_PassedThroughWithStatusAndBody()
    {
        var body = Canned.Error("The server had an error while processing your request.", "server_error", "internal_error");
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 500, body);

        using var response = await Gateway.Http.SendAsync(ChatRequest(ChatBody));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(body, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Post_Stream_Upstream500BeforeFirstByte_IsPlainJsonErrorNotAStream()
    {
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 503, Canned.Error("overloaded", "server_error", "overloaded"));

        using var response = await Gateway.Http.SendAsync(ChatRequest("""{"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"Hi"}]}"""));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("overloaded", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Post_UpstreamErrorEchoesItsKey_KeyIsScrubbedFromClientBody()
    {
        Upstream.Handler = (request, context) => FakeUpstream.Json(context, 401, Canned.Error(
            "Incorrect API key provided: " + request.Header("authorization")!["Bearer ".Length..] + ". You can find your API key at https://platform.openai.com.",
            "invalid_request_error",
            "invalid_api_key"));

        using var response = await Gateway.Http.SendAsync(ChatRequest(ChatBody));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("sk-upstream-secret-0001", text, StringComparison.Ordinal);
        Assert.DoesNotContain("cret-0001", text, StringComparison.Ordinal);
        Assert.Contains("Incorrect API key provided: ***.", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_UpstreamHtmlError_WrappedInOpenAIErrorShapeWithUpstreamStatus()
    {
        Upstream.Handler = async (_, context) =>
        {
            context.Response.StatusCode = 502;
            context.Response.ContentType = "text/html";
            await context.Response.WriteAsync("<html><body>Bad gateway</body></html>");
        };

        using var response = await Gateway.Http.SendAsync(ChatRequest(ChatBody));
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("upstream_error", error["code"]!.GetValue<string>());
        Assert.Equal("server_error", error["type"]!.GetValue<string>());
        Assert.Contains("Bad gateway", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_UpstreamUnreachable_Returns502WithoutUrlOrKey()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var gateway = await GatewayFixture.StartAsync(Upstream, new Dictionary<string, string?>
        {
            ["Gateway:Providers:openai:BaseUrl"] = $"http://127.0.0.1:{port}/v1",
        });

        using var response = await gateway.Http.SendAsync(ChatRequest(ChatBody));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("upstream_unreachable", JsonNode.Parse(text)!["error"]!["code"]!.GetValue<string>());
        Assert.DoesNotContain(port.ToString(System.Globalization.CultureInfo.InvariantCulture), text, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-upstream", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_UpstreamSilentPastFirstByteTimeout_Returns504AndCancelsUpstream()
    {
        var never = new TaskCompletionSource();
        Upstream.Handler = (_, context) => never.Task.WaitAsync(context.RequestAborted);
        await using var gateway = await GatewayFixture.StartAsync(Upstream, new Dictionary<string, string?>
        {
            ["Gateway:Providers:openai:FirstByteTimeoutSeconds"] = "0.3",
        });

        using var response = await gateway.Http.SendAsync(ChatRequest(ChatBody));

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("upstream_timeout", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["code"]!.GetValue<string>());
        await Upstream.Aborted.WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Post_429WithRetryAfter_RetriedOnTheOtherKeyWhichServesUntilTheCooldownEnds()
    {
        await using var gateway = await GatewayFixture.StartAsync(Upstream, new Dictionary<string, string?>
        {
            ["Gateway:Providers:openai:Keys:1"] = "sk-upstream-secret-0002",
        });
        Upstream.Handler = (request, context) => request.Header("authorization") == "Bearer sk-upstream-secret-0001"
            ? FakeUpstream.Json(context, 429, Canned.Error("slow down", "requests", "rate_limit_exceeded"), new Dictionary<string, string> { ["retry-after-ms"] = "60000" })
            : FakeUpstream.Json(context, 200, Canned.Completion("ok"));

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await gateway.Http.SendAsync(ChatRequest(ChatBody));
            statuses.Add(response.StatusCode);
        }

        var keys = Upstream.Requests.Select(r => r.Header("authorization")).ToList();
        Assert.Equal(1, keys.Count(k => k == "Bearer sk-upstream-secret-0001"));
        Assert.Equal(4, keys.Count(k => k == "Bearer sk-upstream-secret-0002"));
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
    }
}
