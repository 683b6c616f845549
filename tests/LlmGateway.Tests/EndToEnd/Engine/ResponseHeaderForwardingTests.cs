using System.Net;
using LlmGateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace LlmGateway.Tests.EndToEnd.Engine;

/// <summary>
/// <c>Gateway:ForwardResponseHeaders</c>: allowed upstream headers reach the client; cookies and hop-by-hop headers
/// never do, even when an operator lists them.
/// </summary>
public sealed class ResponseHeaderForwardingTests : EngineTest
{
    private static readonly Dictionary<string, string?> Forward = new()
    {
        ["Gateway:ForwardResponseHeaders:0"] = "x-request-id",
        ["Gateway:ForwardResponseHeaders:1"] = "Set-Cookie",
        ["Gateway:ForwardResponseHeaders:2"] = "connection",
        ["Gateway:ForwardResponseHeaders:3"] = "openai-processing-ms",
    };

    private static readonly Dictionary<string, string> UpstreamHeaders = new()
    {
        ["x-request-id"] = "req_8f1e2d",
        ["openai-processing-ms"] = "412",
        ["x-not-listed"] = "hidden",
        ["Set-Cookie"] = "__cf_bm=secret-cookie; path=/; HttpOnly",
        ["Connection"] = "close",
    };

    [Fact]
    public async Task Chat_AllowedHeadersCopied_CookieConnectionAndUnlistedNot()
    {
        await StartGatewayAsync(settings: Forward);
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, Canned.Completion("ok"), UpstreamHeaders);

        using var response = await PostChatAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertForwarded(response);
    }

    [Fact]
    public async Task Stream_AllowedHeadersCopied_CookieConnectionAndUnlistedNot()
    {
        await StartGatewayAsync(settings: Forward);
        Upstream.Handler = async (_, context) =>
        {
            foreach (var (name, value) in UpstreamHeaders)
            {
                context.Response.Headers[name] = value;
            }

            await FakeUpstream.Sse(context, Canned.TextStream());
        };

        using var response = await PostChatAsync(StreamBody, HttpCompletionOption.ResponseHeadersRead);
        var events = await SseFrames.ReadEventsAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("[DONE]", events[^1].Data);
        AssertForwarded(response);
    }

    [Fact]
    public async Task Chat_NothingListed_NoUpstreamHeaderCopied()
    {
        await StartGatewayAsync();
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, Canned.Completion("ok"), UpstreamHeaders);

        using var response = await PostChatAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("x-request-id"));
        Assert.False(response.Headers.Contains("openai-processing-ms"));
    }

    private static void AssertForwarded(HttpResponseMessage response)
    {
        Assert.Equal("req_8f1e2d", Assert.Single(response.Headers.GetValues("x-request-id")));
        Assert.Equal("412", Assert.Single(response.Headers.GetValues("openai-processing-ms")));
        Assert.False(response.Headers.Contains("x-not-listed"));
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.Empty(response.Headers.Connection);
        Assert.NotEqual(true, response.Headers.ConnectionClose);
    }
}
