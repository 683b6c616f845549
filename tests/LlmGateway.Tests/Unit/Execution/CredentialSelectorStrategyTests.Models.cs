using LlmGateway.Configuration;

namespace LlmGateway.Tests.Unit.Execution;

/// <summary>Keys limited to some models (<c>Credentials:{i}:Models</c>, the vault's <c>models</c> tag).</summary>
public partial class CredentialSelectorStrategyTests
{
    [Fact]
    public void Select_KeyLimitedToOtherModels_NeverChosenForThisModelButForItsOwn()
    {
        var selector = Selector(new ProviderOptions
        {
            Type = ProviderTypes.OpenAI,
            Credentials =
            [
                new CredentialOptions { Key = "k0", Label = "a" },
                new CredentialOptions { Key = "k1", Label = "mini-only", Models = ["gpt-4o-mini"] },
            ],
        });

        var forModel = Picks(selector, 10);
        var forMini = Enumerable.Range(0, 10).Select(_ => selector.Select("openai", "gpt-4o-mini").Credential!.Id).ToList();

        Assert.All(forModel, p => Assert.Equal("openai:a", p));
        Assert.Contains("openai:mini-only", forMini);
    }

    [Fact]
    public void Select_OnlyKeysLimitedToOtherModels_NoCredentialAndNoRetryTime()
    {
        var selector = Selector(new ProviderOptions
        {
            Type = ProviderTypes.OpenAI,
            Credentials = [new CredentialOptions { Key = "k1", Label = "mini-only", Models = ["gpt-4o-mini"] }],
        });

        var choice = selector.Select("openai", Model);

        Assert.Null(choice.Credential);
        Assert.Null(choice.RetryAt);
        Assert.Null(selector.NextUsable("openai", Model));
    }

    [Fact]
    public void Select_ModelBothAllowedAndExcluded_IsNotServed()
    {
        var selector = Selector(new ProviderOptions
        {
            Type = ProviderTypes.OpenAI,
            Credentials = [new CredentialOptions { Key = "k1", Label = "odd", Models = [Model], ExcludedModels = [Model] }],
        });

        Assert.Null(selector.Select("openai", Model).Credential);
    }

    [Fact]
    public void Select_KeyWithOwnBaseUrl_CarriesItNormalised()
    {
        var selector = Selector(new ProviderOptions
        {
            Type = ProviderTypes.OpenAI,
            Credentials = [new CredentialOptions { Key = "k1", Label = "east", BaseUrl = "https://eastus.example.net/openai/v1" }],
        });

        var credential = selector.Select("openai", Model).Credential!;

        Assert.Equal(new Uri("https://eastus.example.net/openai/v1/"), credential.BaseUri);
    }
}
