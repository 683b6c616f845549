using System.Net;
using System.Text;
using LlmGateway.Tests.Infrastructure;
using OpenAI.Chat;

namespace LlmGateway.Tests.EndToEnd;

public sealed class ChatCompletionsNonStreamTests : IAsyncLifetime
{
    private FakeUpstream _upstream = null!;
    private GatewayFixture _gateway = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        _gateway = await GatewayFixture.StartAsync(_upstream);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task CompleteChat_OpenAISdk_ReturnsUpstreamAnswerAndUpstreamGetsRewrittenModelAndKey()
    {
        _upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, Canned.Completion("Hi from upstream"));

        ChatCompletion completion = await _gateway.Chat("openai/gpt-4o").CompleteChatAsync([new UserChatMessage("Hello")]);

        Assert.Equal("Hi from upstream", completion.Content[0].Text);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal(11, completion.Usage.InputTokenCount);
        Assert.Equal(5, completion.Usage.InputTokenDetails.CachedTokenCount);
        var received = _upstream.LastRequest;
        Assert.Equal("POST", received.Method);
        Assert.Equal("/v1/chat/completions", received.Path);
        Assert.Equal("Bearer sk-upstream-secret-0001", received.Header("authorization"));
        Assert.Equal("gpt-4o", received.Json["model"]!.GetValue<string>());
        Assert.False(received.Json.ContainsKey("stream_options"));
    }

    [Fact]
    public async Task Post_UnknownFieldsAndOddFormatting_ReachUpstreamByteForByteExceptModel()
    {
        _upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, Canned.Completion("ok"));
        const string Body = """{ "model" : "openai/gpt-4o",  "messages":[{"role":"user","content":"caf\u00e9 ☕ \"q\""}], "temperature":0.20, "x_custom":{"deep":[1,2.50,null]}, "seed":7 }""";

        using var response = await _gateway.Http.SendAsync(Post(Body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var expected = Body.Replace("\"openai/gpt-4o\"", "\"gpt-4o\"", StringComparison.Ordinal);
        Assert.Equal(expected, Encoding.UTF8.GetString(_upstream.LastRequest.Body));
    }

    [Fact]
    public async Task Post_Alias_SendsUpstreamModelOfFirstTarget()
    {
        await using var gateway = await GatewayFixture.StartAsync(_upstream, new Dictionary<string, string?>
        {
            ["Gateway:Aliases:smart:0"] = "openai/gpt-4o-mini",
            ["Gateway:Aliases:smart:1"] = "mock/echo",
        });
        _upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, Canned.Completion("ok"));

        ChatCompletion completion = await gateway.Chat("smart").CompleteChatAsync([new UserChatMessage("Hello")]);

        Assert.Equal("ok", completion.Content[0].Text);
        Assert.Equal("gpt-4o-mini", _upstream.LastRequest.Json["model"]!.GetValue<string>());
    }

    [Fact]
    public async Task Post_NonStream_ResponseBodyIsUpstreamBodyUnchanged()
    {
        var upstreamBody = Canned.Completion("exact");
        _upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, upstreamBody);

        using var response = await _gateway.Http.SendAsync(Post("""{"model":"gpt-4o","messages":[{"role":"user","content":"x"}]}"""));

        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(upstreamBody, await response.Content.ReadAsStringAsync());
        Assert.Equal(upstreamBody.Length, response.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task Post_NonStream_RecordsUsageFromUpstream()
    {
        _upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, Canned.Completion("ok"));

        using var response = await _gateway.Http.SendAsync(Post("""{"model":"gpt-4o","messages":[{"role":"user","content":"x"}]}"""));
        response.EnsureSuccessStatusCode();

        var record = Assert.Single(_gateway.Usage.Recent);
        Assert.Equal("test", record.ClientKey);
        Assert.Equal("openai:0", record.CredentialId);
        Assert.Equal("gpt-4o", record.ModelServed);
        Assert.Equal(200, record.Status);
        Assert.Equal((11, 3, 5, 1), (record.Tokens.Input, record.Tokens.Output, record.Tokens.Cached, record.Tokens.Reasoning));
        Assert.Null(record.ErrorClass);
    }

    private static HttpRequestMessage Post(string body) => new(HttpMethod.Post, "v1/chat/completions")
    {
        Content = new StringContent(body, Encoding.UTF8, "application/json"),
        Headers = { { "Authorization", "Bearer " + GatewayFixture.ClientKey } },
    };
}
