using LlmGateway.Configuration;

namespace LlmGateway.Tests.Unit.Configuration;

public partial class GatewayOptionsValidatorTests
{
    [Fact]
    public void Validate_AzureOpenAIWithEndpointDeploymentsAndApiVersion_Succeeds()
    {
        var options = ValidOptions();
        options.Providers["azure"] = Azure(apiVersion: "2024-10-21");

        var result = Validate(options);

        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Failures ?? []));
    }

    [Fact]
    public void Validate_AzureOpenAIWithoutBaseUrl_FailsNamingBaseUrl()
    {
        var options = ValidOptions();
        options.Providers["azure"] = Azure(apiVersion: null);
        options.Providers["azure"].BaseUrl = null;

        var failure = SingleFailure(Validate(options));

        Assert.StartsWith("Gateway:Providers:azure:BaseUrl", failure, StringComparison.Ordinal);
        Assert.Contains("https://my-resource.openai.azure.com", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2024-10-21&x=1")]
    [InlineData("")]
    public void Validate_AzureOpenAIApiVersionNotAVersion_FailsNamingApiVersion(string apiVersion)
    {
        var options = ValidOptions();
        options.Providers["azure"] = Azure(apiVersion);

        Assert.StartsWith("Gateway:Providers:azure:ApiVersion", SingleFailure(Validate(options)), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DeploymentsOnAnOpenAIProvider_FailsNamingDeployments()
    {
        var options = ValidOptions();
        options.Providers["openai"].Deployments["gpt-4o"] = "x";

        var failure = SingleFailure(Validate(options));

        Assert.StartsWith("Gateway:Providers:openai:Deployments", failure, StringComparison.Ordinal);
        Assert.Contains("azure-openai", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EmptyDeploymentName_FailsNamingTheModel()
    {
        var options = ValidOptions();
        options.Providers["azure"] = Azure(apiVersion: null);
        options.Providers["azure"].Deployments["gpt-4o"] = " ";

        Assert.StartsWith("Gateway:Providers:azure:Deployments:gpt-4o", SingleFailure(Validate(options)), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MockEmbeddingDimensionsZero_FailsNamingTheSetting()
    {
        var options = ValidOptions();
        options.Providers["mock"].EmbeddingDimensions = 0;

        Assert.StartsWith("Gateway:Providers:mock:EmbeddingDimensions", SingleFailure(Validate(options)), StringComparison.Ordinal);
    }

    private static ProviderOptions Azure(string? apiVersion) => new()
    {
        Type = ProviderTypes.AzureOpenAI,
        BaseUrl = "https://my-resource.openai.azure.com",
        ApiVersion = apiVersion,
        Models = ["gpt-4o"],
        Deployments = { ["gpt-4o"] = "prod-gpt-4o" },
    };
}
