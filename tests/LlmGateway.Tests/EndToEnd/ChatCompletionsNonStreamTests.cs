using System.Net;
using System.Text;
using LlmGateway.Tests.Infrastructure;
using OpenAI.Chat;

namespace LlmGateway.Tests.EndToEnd;

public sealed class ChatCompletionsNonStreamTests : UpstreamGatewayTest
{
    [Fact]
    public async Task CompleteChat_OpenAISdk_ReturnsUpstreamAnswerAndUpstreamGetsRewrittenModelAndKey()
    {
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, Canned.Completion("Hi from upstream"));

        ChatCompletion completion = await Gateway.Chat("openai/gpt-4o").CompleteChatAsync([new UserChatMessage("Hello")]);

        Assert.Equal("Hi from upstream", completion.Content[0].Text);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal(11, completion.Usage.InputTokenCount);
        Assert.Equal(5, completion.Usage.InputTokenDetails.CachedTokenCount);
        var received = Upstream.LastRequest;
        Assert.Equal("POST", received.Method);
        Assert.Equal("/v1/chat/completions", received.Path);
        Assert.Equal("Bearer sk-upstream-secret-0001", received.Header("authorization"));
        Assert.Equal("gpt-4o", received.Json["model"]!.GetValue<string>());
        Assert.False(received.Json.ContainsKey("stream_options"));
    }

    [Fact]
    public async Task Post_UnknownFieldsAndOddFormatting_ReachUpstreamByteForByteExceptModel()
    {
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, Canned.Completion("ok"));
        const string Body = """{ "model" : "openai/gpt-4o",  "messages":[{"role":"user","content":"caf\u00e9 ☕ \"q\""}], "temperature":0.20, "x_custom":{"deep":[1,2.50,null]}, "seed":7 }""";

        using var response = await Gateway.Http.SendAsync(ChatRequest(Body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var expected = Body.Replace("\"openai/gpt-4o\"", "\"gpt-4o\"", StringComparison.Ordinal);
        Assert.Equal(expected, Encoding.UTF8.GetString(Upstream.LastRequest.Body));
    }

    [Fact]
    public async Task Post_Alias_SendsUpstreamModelOfFirstTarget()
    {
        await using var gateway = await GatewayFixture.StartAsync(Upstream, new Dictionary<string, string?>
        {
            ["Gateway:Aliases:smart:0"] = "openai/gpt-4o-mini",
            ["Gateway:Aliases:smart:1"] = "mock/echo",
        });
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, Canned.Completion("ok"));

        ChatCompletion completion = await gateway.Chat("smart").CompleteChatAsync([new UserChatMessage("Hello")]);

        Assert.Equal("ok", completion.Content[0].Text);
        Assert.Equal("gpt-4o-mini", Upstream.LastRequest.Json["model"]!.GetValue<string>());
    }

    [Fact]
    public async Task Post_NonStream_ResponseBodyIsUpstreamBodyUnchanged()
    {
        var upstreamBody = Canned.Completion("exact");
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, upstreamBody);

        using var response = await Gateway.Http.SendAsync(ChatRequest("""{"model":"gpt-4o","messages":[{"role":"user","content":"x"}]}"""));

        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(upstreamBody, await response.Content.ReadAsStringAsync());
        Assert.Equal(upstreamBody.Length, response.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task Post_NonStream_RecordsUsageFromUpstream()
    {
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, Canned.Completion("ok"));

        using var response = await Gateway.Http.SendAsync(ChatRequest("""{"model":"gpt-4o","messages":[{"role":"user","content":"x"}]}"""));
        response.EnsureSuccessStatusCode();

        var record = Assert.Single(await Gateway.UsageAsync(1));
        Assert.Equal("test", record.ClientKey);
        Assert.Equal("openai:0", record.CredentialId);
        Assert.Equal("gpt-4o", record.ModelServed);
        Assert.Equal(200, record.Status);
        Assert.Equal((11, 3, 5, 1), (record.Tokens.Input, record.Tokens.Output, record.Tokens.Cached, record.Tokens.Reasoning));
        Assert.Null(record.ErrorClass);
    }
}
