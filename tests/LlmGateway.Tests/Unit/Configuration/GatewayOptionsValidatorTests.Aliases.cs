using LlmGateway.Configuration;

namespace LlmGateway.Tests.Unit.Configuration;

public partial class GatewayOptionsValidatorTests
{
    [Theory]
    [InlineData("gpt-4o")]
    [InlineData("/gpt-4o")]
    [InlineData("openai/")]
    [InlineData("")]
    public void Validate_AliasTargetNotProviderSlashModel_FailsNamingTheEntry(string target)
    {
        var options = ValidOptions();
        options.Aliases["fast"] = [target];

        var result = Validate(options);

        Assert.Equal($"Gateway:Aliases:fast:0 '{target}' must be written provider/model.", SingleFailure(result));
    }

    [Fact]
    public void Validate_AliasTargetOnUnknownProvider_FailsNamingTheEntryAndProvider()
    {
        var options = ValidOptions();
        options.Aliases["fast"] = ["openai/gpt-4o-mini", "groq/llama-3"];

        var result = Validate(options);

        var failure = SingleFailure(result);
        Assert.StartsWith("Gateway:Aliases:fast:1 'groq/llama-3'", failure, StringComparison.Ordinal);
        Assert.Contains("'groq'", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AliasTargetModelNotListed_FailsNamingTheModelsSetting()
    {
        var options = ValidOptions();
        options.Aliases["fast"] = ["openai/gpt-5"];

        var result = Validate(options);

        var failure = SingleFailure(result);
        Assert.StartsWith("Gateway:Aliases:fast:0 'openai/gpt-5'", failure, StringComparison.Ordinal);
        Assert.Contains("Gateway:Providers:openai:Models", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AliasTargetOnWildcardProvider_Succeeds()
    {
        var options = ValidOptions();
        options.Providers["openrouter"] = new ProviderOptions { Type = ProviderTypes.OpenAI, BaseUrl = "https://openrouter.ai/api/v1", Models = ["*"] };
        options.Aliases["big"] = ["openrouter/meta-llama/llama-3-70b"];

        var result = Validate(options);

        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Failures ?? []));
    }

    [Fact]
    public void Validate_AliasWithoutTargets_FailsNamingTheAlias()
    {
        var options = ValidOptions();
        options.Aliases["fast"] = [];

        var result = Validate(options);

        Assert.StartsWith("Gateway:Aliases:fast has no targets", SingleFailure(result), StringComparison.Ordinal);
    }
}
