using System.ClientModel;
using System.Net;
using System.Text.Json.Nodes;
using LlmGateway.Tests.Infrastructure;

namespace LlmGateway.Tests.EndToEnd;

public sealed class ModelsEndpointTests : IAsyncLifetime
{
    private GatewayFixture _gateway = null!;

    public async Task InitializeAsync()
    {
        _gateway = await GatewayFixture.StartWithAsync(new Dictionary<string, string?>
        {
            ["Gateway:ClientKeys:0:Name"] = "test",
            ["Gateway:ClientKeys:0:Key"] = GatewayFixture.ClientKey,
            ["Gateway:Providers:openai:Type"] = "openai",
            ["Gateway:Providers:openai:BaseUrl"] = "http://127.0.0.1:9/v1",
            ["Gateway:Providers:openai:Models:0"] = "gpt-4o",
            ["Gateway:Providers:openai:Models:1"] = "shared-model",
            ["Gateway:Providers:groq:Type"] = "openai",
            ["Gateway:Providers:groq:BaseUrl"] = "http://127.0.0.1:9/openai/v1",
            ["Gateway:Providers:groq:Models:0"] = "shared-model",
            ["Gateway:Providers:groq:Models:1"] = "meta-llama/llama-4-scout",
            ["Gateway:Aliases:fast:0"] = "groq/shared-model",
        });
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task GetModels_OpenAISdk_ListsCanonicalIdsByProviderThenAliases()
    {
        var models = await _gateway.OpenAI().GetOpenAIModelClient().GetModelsAsync();

        Assert.Equal(
            ["groq/shared-model", "groq/meta-llama/llama-4-scout", "openai/gpt-4o", "openai/shared-model", "fast"],
            models.Value.Select(m => m.Id));
        Assert.Equal("groq", models.Value.Single(m => m.Id == "groq/shared-model").OwnedBy);
    }

    [Fact]
    public async Task GetModels_RawBody_HasOpenAIListShape()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "v1/models") { Headers = { { "Authorization", "Bearer " + GatewayFixture.ClientKey } } };
        using var response = await _gateway.Http.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal("list", body["object"]!.GetValue<string>());
        var first = body["data"]![0]!.AsObject();
        Assert.Equal(["id", "object", "created", "owned_by"], first.Select(p => p.Key));
        Assert.Equal("model", first["object"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("openai/gpt-4o", "openai/gpt-4o")]
    [InlineData("gpt-4o", "openai/gpt-4o")]
    [InlineData("groq/meta-llama/llama-4-scout", "groq/meta-llama/llama-4-scout")]
    [InlineData("meta-llama/llama-4-scout", "groq/meta-llama/llama-4-scout")]
    [InlineData("fast", "fast")]
    public async Task GetModel_IdWithSlashesOrShorthand_Resolves(string requested, string expectedId)
    {
        var model = await _gateway.OpenAI().GetOpenAIModelClient().GetModelAsync(requested);

        Assert.Equal(expectedId, model.Value.Id);
    }

    [Fact]
    public async Task GetModel_RawUnescapedSlashes_Resolves()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "v1/models/groq/meta-llama/llama-4-scout") { Headers = { { "Authorization", "Bearer " + GatewayFixture.ClientKey } } };
        using var response = await _gateway.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("groq/meta-llama/llama-4-scout", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetModel_AmbiguousShorthand_Returns400ListingCandidates()
    {
        var error = await Assert.ThrowsAsync<ClientResultException>(() => _gateway.OpenAI().GetOpenAIModelClient().GetModelAsync("shared-model"));

        Assert.Equal(400, error.Status);
        var message = JsonNode.Parse(error.GetRawResponse()!.Content.ToString())!["error"]!["message"]!.GetValue<string>();
        Assert.Contains("openai/shared-model", message, StringComparison.Ordinal);
        Assert.Contains("groq/shared-model", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetModel_Unknown_Returns404()
    {
        var error = await Assert.ThrowsAsync<ClientResultException>(() => _gateway.OpenAI().GetOpenAIModelClient().GetModelAsync("nope/none"));

        Assert.Equal(404, error.Status);
    }

    [Fact]
    public async Task GetHealthz_NoKey_ReturnsOk()
    {
        using var response = await _gateway.Http.GetAsync("healthz");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", body["status"]!.GetValue<string>());
        Assert.Equal(2, body["providers"]!.GetValue<int>());
    }
}
