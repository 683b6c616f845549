using LlmGateway.Configuration;
using LlmGateway.Providers;
using LlmGateway.Providers.AzureOpenAI;

namespace LlmGateway.Tests.Unit.Providers.AzureOpenAI;

public sealed class AzureOpenAIDialectTests
{
    [Theory]
    [InlineData("https://res.openai.azure.com")]
    [InlineData("https://res.openai.azure.com/")]
    [InlineData("https://res.openai.azure.com/openai")]
    [InlineData("https://res.openai.azure.com/openai/v1/")]
    public void EndpointOf_ResourceUrlWithOrWithoutOpenAIPath_TheResourceRoot(string baseUrl)
    {
        var endpoint = AzureOpenAIDialect.EndpointOf(new ProviderOptions { BaseUrl = baseUrl });

        Assert.Equal("https://res.openai.azure.com/", endpoint.AbsoluteUri);
    }

    [Theory]
    [InlineData(null, "https://res.services.ai.azure.com/openai/v1/chat/completions")]
    [InlineData("v1", "https://res.services.ai.azure.com/openai/v1/chat/completions")]
    [InlineData("2024-10-21", "https://res.services.ai.azure.com/openai/deployments/team%20gpt/chat/completions?api-version=2024-10-21")]
    public void ChatUri_ApiVersionSetting_ChoosesTheUrlStyle(string? apiVersion, string expected)
    {
        var options = new ProviderOptions { Type = ProviderTypes.AzureOpenAI, BaseUrl = "https://res.services.ai.azure.com", ApiVersion = apiVersion };
        var dialect = new AzureOpenAIDialect(null);
        var provider = new UpstreamProvider("azure", options, null, AzureOpenAIDialect.EndpointOf(options), dialect);

        Assert.Equal(expected, dialect.ChatUri(provider, "team gpt", stream: true).AbsoluteUri);
    }

    [Fact]
    public void UpstreamModel_MappedAndUnmappedModels_DeploymentOrTheModelItself()
    {
        var options = new ProviderOptions { Type = ProviderTypes.AzureOpenAI, BaseUrl = "https://res.openai.azure.com", Deployments = { ["gpt-4o"] = "prod-4o" } };
        var provider = new UpstreamProvider("azure", options, null, AzureOpenAIDialect.EndpointOf(options), new AzureOpenAIDialect(null));

        Assert.Equal(("prod-4o", "gpt-4.1"), (provider.UpstreamModel("gpt-4o"), provider.UpstreamModel("gpt-4.1")));
        Assert.Equal("max_completion_tokens", provider.OpenAIEncodeOptions.MaxTokensParameter);
    }
}
