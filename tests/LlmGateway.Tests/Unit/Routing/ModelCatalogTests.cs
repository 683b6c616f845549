using LlmGateway.Configuration;
using LlmGateway.Routing;
using Microsoft.Extensions.Options;

namespace LlmGateway.Tests.Unit.Routing;

public class ModelCatalogTests
{
    [Fact]
    public void Resolve_Alias_ReturnsTargetsInConfiguredOrder()
    {
        var catalog = CreateCatalog();

        var resolution = catalog.Resolve("fast");

        Assert.Equal(ModelResolutionStatus.Found, resolution.Status);
        Assert.Equal("fast", resolution.Id);
        Assert.Equal(["Groq/llama-3.1-8b", "OpenAI/gpt-4o-mini", "mock/echo"], resolution.Targets.Select(t => t.Id));
    }

    [Fact]
    public void Resolve_ProviderSlashModel_ReturnsThatTarget()
    {
        var catalog = CreateCatalog();

        var resolution = catalog.Resolve("OpenAI/gpt-4o");

        Assert.Equal(ModelResolutionStatus.Found, resolution.Status);
        var target = Assert.Single(resolution.Targets);
        Assert.Equal(new ModelTarget("OpenAI", "gpt-4o"), target);
        Assert.Equal("OpenAI/gpt-4o", resolution.Id);
    }

    [Theory]
    [InlineData("openai/gpt-4o")]
    [InlineData("OPENAI/gpt-4o")]
    public void Resolve_ProviderNameInOtherCase_ReturnsConfiguredSpelling(string requested)
    {
        var catalog = CreateCatalog();

        var resolution = catalog.Resolve(requested);

        Assert.Equal(ModelResolutionStatus.Found, resolution.Status);
        Assert.Equal(requested, resolution.Requested);
        Assert.Equal("OpenAI", Assert.Single(resolution.Targets).Provider);
        Assert.Equal("OpenAI/gpt-4o", resolution.Id);
    }

    [Fact]
    public void Resolve_ModelNameInOtherCase_IsNotFound()
    {
        var catalog = CreateCatalog();

        var resolution = catalog.Resolve("openai/GPT-4o");

        Assert.Equal(ModelResolutionStatus.NotFound, resolution.Status);
    }

    [Fact]
    public void Resolve_BareNameListedByOneProvider_ReturnsCanonicalId()
    {
        var catalog = CreateCatalog();

        var resolution = catalog.Resolve("gpt-4o");

        Assert.Equal(ModelResolutionStatus.Found, resolution.Status);
        Assert.Equal("OpenAI/gpt-4o", resolution.Id);
        Assert.Equal(new ModelTarget("OpenAI", "gpt-4o"), Assert.Single(resolution.Targets));
    }

    [Fact]
    public void Resolve_BareNameListedByTwoProviders_IsAmbiguousListingBoth()
    {
        var catalog = CreateCatalog();

        var resolution = catalog.Resolve("gpt-4o-mini");

        Assert.Equal(ModelResolutionStatus.Ambiguous, resolution.Status);
        Assert.Null(resolution.Id);
        Assert.Empty(resolution.Targets);
        Assert.Equal(["OpenAI/gpt-4o-mini", "azure/gpt-4o-mini"], resolution.Candidates.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("claude-3")]
    [InlineData("unknown/gpt-4o")]
    [InlineData("OpenAI/")]
    [InlineData("/gpt-4o")]
    [InlineData("")]
    [InlineData("FAST")]
    public void Resolve_UnknownModel_IsNotFound(string requested)
    {
        var catalog = CreateCatalog();

        var resolution = catalog.Resolve(requested);

        Assert.Equal(ModelResolutionStatus.NotFound, resolution.Status);
        Assert.Empty(resolution.Targets);
        Assert.Empty(resolution.Candidates);
    }

    [Fact]
    public void Resolve_WildcardProviderWithAnyModel_ReturnsThatModel()
    {
        var catalog = CreateCatalog();

        var resolution = catalog.Resolve("Groq/anything-new");

        Assert.Equal(ModelResolutionStatus.Found, resolution.Status);
        Assert.Equal(new ModelTarget("Groq", "anything-new"), Assert.Single(resolution.Targets));
    }

    [Fact]
    public void Resolve_BareNameOnlyCoveredByWildcard_IsNotFound()
    {
        var catalog = CreateCatalog();

        var resolution = catalog.Resolve("anything-new");

        Assert.Equal(ModelResolutionStatus.NotFound, resolution.Status);
    }

    [Theory]
    [InlineData("openrouter/meta-llama/llama-3-70b")]
    [InlineData("meta-llama/llama-3-70b")]
    public void Resolve_ModelNameContainingSlash_ResolvesQualifiedAndBare(string requested)
    {
        var catalog = CreateCatalog();

        var resolution = catalog.Resolve(requested);

        Assert.Equal(ModelResolutionStatus.Found, resolution.Status);
        Assert.Equal("openrouter/meta-llama/llama-3-70b", resolution.Id);
        Assert.Equal(new ModelTarget("openrouter", "meta-llama/llama-3-70b"), Assert.Single(resolution.Targets));
    }

    [Fact]
    public void Models_ListsCanonicalIdsByProviderNameThenAliasesWithoutWildcard()
    {
        var catalog = CreateCatalog();

        var ids = catalog.Models.Select(m => m.Id).ToList();

        Assert.Equal(
            [
                "azure/gpt-4o-mini", "Groq/llama-3.1-8b", "mock/echo", "OpenAI/gpt-4o", "OpenAI/gpt-4o-mini",
                "openrouter/meta-llama/llama-3-70b", "big", "fast",
            ],
            ids);
        Assert.DoesNotContain(ids, id => id.EndsWith('*'));
    }

    [Fact]
    public void Models_OwnedByIsProviderForCanonicalIdsAndGatewayForAliases()
    {
        var catalog = CreateCatalog();

        var models = catalog.Models.ToDictionary(m => m.Id, m => m.OwnedBy);

        Assert.Equal("OpenAI", models["OpenAI/gpt-4o"]);
        Assert.Equal("gateway", models["fast"]);
    }

    private static ModelCatalog CreateCatalog() => new(Options.Create(new GatewayOptions
    {
        Providers = new(StringComparer.OrdinalIgnoreCase)
        {
            ["OpenAI"] = new ProviderOptions { Type = ProviderTypes.OpenAI, Models = ["gpt-4o", "gpt-4o-mini", "gpt-4o"] },
            ["azure"] = new ProviderOptions { Type = ProviderTypes.OpenAI, Models = ["gpt-4o-mini"] },
            ["Groq"] = new ProviderOptions { Type = ProviderTypes.OpenAI, Models = ["llama-3.1-8b", "*"] },
            ["openrouter"] = new ProviderOptions { Type = ProviderTypes.OpenAI, Models = ["meta-llama/llama-3-70b"] },
            ["mock"] = new ProviderOptions { Type = ProviderTypes.Mock, Models = ["echo"] },
        },
        Aliases = new(StringComparer.Ordinal)
        {
            ["fast"] = ["groq/llama-3.1-8b", "openai/gpt-4o-mini", "mock/echo"],
            ["big"] = ["openrouter/meta-llama/llama-3-70b"],
        },
    }));
}
