using System.ClientModel;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Anthropic.Models.Messages;
using Azure.Core;
using LlmGateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenAI.Chat;
using OpenAI.Embeddings;

namespace LlmGateway.Tests.EndToEnd;

/// <summary>
/// An <c>azure-openai</c> upstream (a fake on 127.0.0.1 standing in for the resource endpoint): the exact URL in both
/// styles, <c>api-key</c> or a cached Entra ID token, deployment mapping, pass-through from OpenAI clients and
/// translation from Anthropic clients.
/// </summary>
public sealed class AzureOpenAIUpstreamTests : IAsyncLifetime
{
    private const string Key = "azure-upstream-key-0123456789";
    private const string Token = "entra-access-token-1";

    private FakeUpstream _upstream = null!;
    private GatewayFixture? _gateway;

    public async Task InitializeAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        _upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, Canned.Completion("Hello from Azure"));
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task CompleteChat_ClassicWithKey_DeploymentUrlWithApiVersionAndApiKeyHeader()
    {
        var gateway = await StartAsync(apiVersion: "2024-10-21", key: Key);

        ChatCompletion completion = await gateway.Chat("azure/gpt-4o").CompleteChatAsync([new UserChatMessage("Hi")]);

        Assert.Equal("Hello from Azure", completion.Content[0].Text);
        var sent = _upstream.LastRequest;
        Assert.Equal("/openai/deployments/my-gpt4o/chat/completions?api-version=2024-10-21", sent.Path);
        Assert.Equal(Key, sent.Header("api-key"));
        Assert.Null(sent.Header("authorization"));
        // Pass-through: only the model changes, to the deployment.
        Assert.Equal("my-gpt4o", sent.Json["model"]!.GetValue<string>());
        Assert.Equal("""[{"role":"user","content":"Hi"}]""", sent.Json["messages"]!.ToJsonString());
        var record = Assert.Single(await gateway.UsageAsync(1));
        Assert.Equal(("azure", "gpt-4o", "azure:0", 200), (record.Provider, record.ModelServed, record.CredentialId, record.Status));
    }

    [Fact]
    public async Task CompleteChat_ModelWithoutDeploymentMapping_DeploymentIsTheModelName()
    {
        var gateway = await StartAsync(apiVersion: "2025-04-01-preview", key: Key);

        await gateway.Chat("azure/gpt-4o-mini").CompleteChatAsync([new UserChatMessage("Hi")]);

        Assert.Equal("/openai/deployments/gpt-4o-mini/chat/completions?api-version=2025-04-01-preview", _upstream.LastRequest.Path);
        Assert.Equal("gpt-4o-mini", _upstream.LastRequest.Json["model"]!.GetValue<string>());
    }

    [Fact]
    public async Task CompleteChat_V1Keyless_BearerTokenForCognitiveServicesScopeCachedAcrossRequests()
    {
        var credential = new FakeTokenCredential(Token);
        var gateway = await StartAsync(apiVersion: null, key: null, credential);

        await gateway.Chat("azure/gpt-4o").CompleteChatAsync([new UserChatMessage("one")]);
        await gateway.Chat("azure/gpt-4o").CompleteChatAsync([new UserChatMessage("two")]);

        Assert.Equal(2, _upstream.Requests.Count);
        Assert.All(_upstream.Requests, sent =>
        {
            Assert.Equal("/openai/v1/chat/completions", sent.Path);
            Assert.Equal("Bearer " + Token, sent.Header("authorization"));
            Assert.Null(sent.Header("api-key"));
            Assert.Equal("my-gpt4o", sent.Json["model"]!.GetValue<string>());
        });
        var request = Assert.Single(credential.Requests);
        Assert.Equal(["https://cognitiveservices.azure.com/.default"], request.Scopes);
    }

    [Fact]
    public async Task CompleteChatStreaming_ApiVersionV1WithKey_V1RouteAndStreamRelayed()
    {
        _upstream.Handler = (_, context) => FakeUpstream.Sse(context, Canned.TextStream());
        var gateway = await StartAsync(apiVersion: "v1", key: Key);

        var text = new StringBuilder();
        await foreach (var update in gateway.Chat("azure/gpt-4o").CompleteChatStreamingAsync([new UserChatMessage("Hi")]))
        {
            text.Append(string.Concat(update.ContentUpdate.Select(p => p.Text)));
        }

        Assert.Equal("Hello", text.ToString());
        var sent = _upstream.LastRequest;
        Assert.Equal("/openai/v1/chat/completions", sent.Path);
        Assert.Equal(Key, sent.Header("api-key"));
        Assert.True(sent.Json["stream_options"]!["include_usage"]!.GetValue<bool>());
    }

    [Fact]
    public async Task CreateMessage_AnthropicClient_TranslatedChatRequestToTheDeployment()
    {
        var gateway = await StartAsync(apiVersion: "2024-10-21", key: Key);
        using var client = gateway.Anthropic();

        var message = await client.Messages.Create(new MessageCreateParams
        {
            Model = "azure/gpt-4o",
            MaxTokens = 300,
            System = new List<TextBlockParam> { new() { Text = "Be brief." } },
            Messages = [new UserMessageParam("Hi")],
        });

        Assert.Equal("Hello from Azure", string.Concat(message.Content.Select(b => b.TryPickText(out var t) ? t.Text : "")));
        var sent = _upstream.LastRequest;
        Assert.Equal("/openai/deployments/my-gpt4o/chat/completions?api-version=2024-10-21", sent.Path);
        Assert.Equal(Key, sent.Header("api-key"));
        Assert.Null(sent.Header("anthropic-version"));
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"model":"my-gpt4o","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"}],"max_completion_tokens":300}"""),
            sent.Json), sent.Json.ToJsonString());
    }

    [Fact]
    public async Task GenerateEmbedding_ClassicWithKey_DeploymentEmbeddingsUrlAndBytesRelayed()
    {
        const string Answer = """{"object":"list","data":[{"object":"embedding","index":0,"embedding":"AAAAPwAAgL4="}],"model":"text-embedding-3-large","usage":{"prompt_tokens":1,"total_tokens":1}}""";
        _upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, Answer);
        var gateway = await StartAsync(apiVersion: "2024-10-21", key: Key);

        OpenAIEmbedding embedding = await gateway.OpenAI().GetEmbeddingClient("azure/text-embedding-3-large").GenerateEmbeddingAsync("x");

        Assert.Equal([0.5f, -0.25f], embedding.ToFloats().ToArray());
        var sent = _upstream.LastRequest;
        Assert.Equal("/openai/deployments/emb-large/embeddings?api-version=2024-10-21", sent.Path);
        Assert.Equal(Key, sent.Header("api-key"));
        Assert.Equal("emb-large", sent.Json["model"]!.GetValue<string>());
    }

    [Fact]
    public async Task PostEmbeddings_V1Keyless_V1EmbeddingsRouteWithBearerToken()
    {
        _upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, """{"object":"list","data":[],"model":"m","usage":{"prompt_tokens":0,"total_tokens":0}}""");
        var credential = new FakeTokenCredential(Token);
        var gateway = await StartAsync(apiVersion: null, key: null, credential);

        using var response = await gateway.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "v1/embeddings")
        {
            Content = new StringContent("""{"model":"azure/text-embedding-3-large","input":"x"}""", Encoding.UTF8, "application/json"),
            Headers = { { "Authorization", "Bearer " + GatewayFixture.ClientKey } },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/openai/v1/embeddings", _upstream.LastRequest.Path);
        Assert.Equal("Bearer " + Token, _upstream.LastRequest.Header("authorization"));
        Assert.Equal("""{"model":"emb-large","input":"x"}""", SseFrames.Utf8(_upstream.LastRequest.Body));
    }

    [Fact]
    public async Task CompleteChat_KeylessAndNoTokenAvailable_502WithoutCallingTheUpstream()
    {
        var credential = new FakeTokenCredential(Token) { Failure = new InvalidOperationException("no managed identity endpoint") };
        var gateway = await StartAsync(apiVersion: null, key: null, credential);

        using var response = await gateway.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = new StringContent("""{"model":"azure/gpt-4o","messages":[{"role":"user","content":"Hi"}]}""", Encoding.UTF8, "application/json"),
            Headers = { { "Authorization", "Bearer " + GatewayFixture.ClientKey } },
        });
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("upstream_auth_failed", error["code"]!.GetValue<string>());
        Assert.Contains("'azure'", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(_upstream.Requests);
    }

    [Fact]
    public async Task CompleteChat_UpstreamRejectsKey_ErrorRelayedWithoutTheKey()
    {
        _upstream.Handler = (_, context) => FakeUpstream.Json(context, 401,
            """{"error":{"code":"401","message":"Access denied due to invalid subscription key azure-upstream-key-0123456789 or wrong API endpoint."}}""");
        var gateway = await StartAsync(apiVersion: "2024-10-21", key: Key);

        var ex = await Assert.ThrowsAsync<ClientResultException>(() => gateway.Chat("azure/gpt-4o").CompleteChatAsync([new UserChatMessage("Hi")]));

        Assert.Equal(401, ex.Status);
        Assert.DoesNotContain(Key, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, ex.GetRawResponse()!.Content.ToString(), StringComparison.Ordinal);
    }

    private async Task<GatewayFixture> StartAsync(string? apiVersion, string? key, TokenCredential? credential = null)
    {
        var config = new Dictionary<string, string?>
        {
            ["Gateway:ClientKeys:0:Name"] = "test",
            ["Gateway:ClientKeys:0:Key"] = GatewayFixture.ClientKey,
            ["Gateway:Providers:azure:Type"] = "azure-openai",
            ["Gateway:Providers:azure:BaseUrl"] = _upstream.BaseUrl[..^"/v1".Length],
            ["Gateway:Providers:azure:ApiVersion"] = apiVersion,
            ["Gateway:Providers:azure:Models:0"] = "gpt-4o",
            ["Gateway:Providers:azure:Models:1"] = "gpt-4o-mini",
            ["Gateway:Providers:azure:Models:2"] = "text-embedding-3-large",
            ["Gateway:Providers:azure:Deployments:gpt-4o"] = "my-gpt4o",
            ["Gateway:Providers:azure:Deployments:text-embedding-3-large"] = "emb-large",
        };
        if (key is not null)
        {
            config["Gateway:Providers:azure:Keys:0"] = key;
        }

        _gateway = await GatewayFixture.StartWithAsync(config, services: credential is null ? null : s => s.AddSingleton(credential));
        return _gateway;
    }
}
