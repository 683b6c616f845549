using LlmGateway.Configuration;
using Microsoft.Extensions.Options;

namespace LlmGateway.Tests.Unit.Configuration;

public partial class GatewayOptionsValidatorTests
{
    [Fact]
    public void Validate_FullValidConfiguration_Succeeds()
    {
        var options = ValidOptions();

        var result = Validate(options);

        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Failures ?? []));
    }

    [Fact]
    public void Validate_NoClientKeysAndAnonymousOff_FailsTellingHowToFix()
    {
        var options = ValidOptions();
        options.ClientKeys.Clear();

        var result = Validate(options);

        var failure = SingleFailure(result);
        Assert.StartsWith("Gateway:ClientKeys is empty", failure, StringComparison.Ordinal);
        Assert.Contains("Gateway:ClientKeys:0:Name", failure, StringComparison.Ordinal);
        Assert.Contains("Gateway:ClientKeys:0:Key", failure, StringComparison.Ordinal);
        Assert.Contains("Gateway:AllowAnonymous=true", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NoClientKeysAndAnonymousOn_Succeeds()
    {
        var options = ValidOptions();
        options.ClientKeys.Clear();
        options.AllowAnonymous = true;

        var result = Validate(options);

        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Failures ?? []));
    }

    [Fact]
    public void Validate_ShortClientKey_FailsNamingTheKeySetting()
    {
        var options = ValidOptions();
        options.ClientKeys.Add(new ClientKeyOptions { Name = "ci", Key = "1234567" });

        var result = Validate(options);

        var failure = SingleFailure(result);
        Assert.StartsWith("Gateway:ClientKeys:1:Key", failure, StringComparison.Ordinal);
        Assert.Contains("at least 8 characters", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ClientKeyOfExactlyEightCharacters_Succeeds()
    {
        var options = ValidOptions();
        options.ClientKeys.Add(new ClientKeyOptions { Name = "ci", Key = "12345678" });

        var result = Validate(options);

        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Failures ?? []));
    }

    [Fact]
    public void Validate_DuplicateClientKey_FailsNamingTheRepeatedEntry()
    {
        var options = ValidOptions();
        options.ClientKeys.Add(new ClientKeyOptions { Name = "other", Key = options.ClientKeys[0].Key });

        var result = Validate(options);

        var failure = SingleFailure(result);
        Assert.StartsWith("Gateway:ClientKeys:1:Key", failure, StringComparison.Ordinal);
        Assert.Contains("repeats", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DuplicateClientName_FailsNamingTheRepeatedName()
    {
        var options = ValidOptions();
        options.ClientKeys.Add(new ClientKeyOptions { Name = "dev", Key = "another-long-key" });

        var result = Validate(options);

        var failure = SingleFailure(result);
        Assert.StartsWith("Gateway:ClientKeys:1:Name 'dev'", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "a-long-enough-key", "Gateway:ClientKeys:1:Name")]
    [InlineData("ci", "  ", "Gateway:ClientKeys:1:Key")]
    public void Validate_BlankClientKeyField_FailsNamingTheField(string name, string key, string expectedPath)
    {
        var options = ValidOptions();
        options.ClientKeys.Add(new ClientKeyOptions { Name = name, Key = key });

        var result = Validate(options);

        Assert.Equal($"{expectedPath} is required.", SingleFailure(result));
    }

    [Fact]
    public void Validate_NoProviders_FailsNamingProviders()
    {
        var options = ValidOptions();
        options.Providers.Clear();
        options.Aliases.Clear();

        var result = Validate(options);

        Assert.StartsWith("Gateway:Providers is empty", SingleFailure(result), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("api.openai.com/v1")]
    [InlineData("ftp://api.openai.com/v1")]
    public void Validate_OpenAIProviderWithoutHttpBaseUrl_FailsNamingBaseUrl(string? baseUrl)
    {
        var options = ValidOptions();
        options.Providers["openai"].BaseUrl = baseUrl;

        var result = Validate(options);

        Assert.StartsWith("Gateway:Providers:openai:BaseUrl must be an absolute http(s) URL", SingleFailure(result), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnsupportedProviderType_FailsNamingTypeAndListingSupportedOnes()
    {
        var options = ValidOptions();
        options.Providers["x"] = new ProviderOptions { Type = "cohere", Models = ["command"] };

        var result = Validate(options);

        var failure = SingleFailure(result);
        Assert.StartsWith("Gateway:Providers:x:Type 'cohere' is not supported", failure, StringComparison.Ordinal);
        Assert.Contains("openai, anthropic, gemini, mock", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ProviderTypeInOtherCase_Succeeds()
    {
        var options = ValidOptions();
        options.Providers["openai"].Type = "OpenAI";

        var result = Validate(options);

        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Failures ?? []));
    }

    [Fact]
    public void Validate_ProviderNameWithSlash_FailsNamingTheProvider()
    {
        var options = ValidOptions();
        options.Providers["a/b"] = new ProviderOptions { Type = ProviderTypes.Mock, Models = ["echo"] };

        var result = Validate(options);

        Assert.StartsWith("Gateway:Providers:a/b:", SingleFailure(result), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ProviderWithoutModels_FailsNamingModelsAndWildcard()
    {
        var options = ValidOptions();
        options.Providers["spare"] = new ProviderOptions { Type = ProviderTypes.Mock };

        var result = Validate(options);

        var failure = SingleFailure(result);
        Assert.StartsWith("Gateway:Providers:spare:Models is empty", failure, StringComparison.Ordinal);
        Assert.Contains("'*'", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BlankModelAndKeyEntries_FailNamingEachIndex()
    {
        var options = ValidOptions();
        options.Providers["openai"].Models.Add(" ");
        options.Providers["openai"].Keys.Add("");

        var result = Validate(options);

        Assert.False(result.Succeeded);
        Assert.Equal(
            ["Gateway:Providers:openai:Models:2 is empty.", "Gateway:Providers:openai:Keys:2 is empty."],
            result.Failures);
    }

    [Theory]
    [InlineData("ConnectTimeoutSeconds", 0)]
    [InlineData("ConnectTimeoutSeconds", -1)]
    [InlineData("FirstByteTimeoutSeconds", 0)]
    [InlineData("FirstByteTimeoutSeconds", double.NaN)]
    [InlineData("IdleTimeoutSeconds", -0.5)]
    public void Validate_NonPositiveTimeout_FailsNamingTheTimeout(string setting, double value)
    {
        var options = ValidOptions();
        var provider = options.Providers["openai"];
        switch (setting)
        {
            case "ConnectTimeoutSeconds":
                provider.ConnectTimeoutSeconds = value;
                break;
            case "FirstByteTimeoutSeconds":
                provider.FirstByteTimeoutSeconds = value;
                break;
            default:
                provider.IdleTimeoutSeconds = value;
                break;
        }

        var result = Validate(options);

        Assert.Equal($"Gateway:Providers:openai:{setting} must be greater than 0.", SingleFailure(result));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Validate_NonPositiveMaxRequestBodyBytes_FailsNamingTheSetting(long value)
    {
        var options = ValidOptions();
        options.MaxRequestBodyBytes = value;

        var result = Validate(options);

        Assert.StartsWith("Gateway:MaxRequestBodyBytes ", SingleFailure(result), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ZeroKeepAliveSeconds_FailsNamingTheSetting()
    {
        var options = ValidOptions();
        options.KeepAliveSeconds = 0;

        var result = Validate(options);

        Assert.Equal("Gateway:KeepAliveSeconds must be greater than 0.", SingleFailure(result));
    }

    [Fact]
    public void Validate_SeveralProblems_ReportsEveryOne()
    {
        var options = ValidOptions();
        options.ClientKeys.Clear();
        options.MaxRequestBodyBytes = 0;
        options.Providers["openai"].BaseUrl = null;

        var result = Validate(options);

        Assert.Collection(
            result.Failures!,
            f => Assert.StartsWith("Gateway:ClientKeys ", f, StringComparison.Ordinal),
            f => Assert.StartsWith("Gateway:Providers:openai:BaseUrl ", f, StringComparison.Ordinal),
            f => Assert.StartsWith("Gateway:MaxRequestBodyBytes ", f, StringComparison.Ordinal));
    }

    private static ValidateOptionsResult Validate(GatewayOptions options) =>
        new GatewayOptionsValidator().Validate(Options.DefaultName, options);

    private static string SingleFailure(ValidateOptionsResult result)
    {
        Assert.True(result.Failed, "Expected the configuration to be rejected.");
        return Assert.Single(result.Failures!);
    }

    private static GatewayOptions ValidOptions() => new()
    {
        ClientKeys = [new ClientKeyOptions { Name = "dev", Key = "sk-local-dev" }],
        Providers = new(StringComparer.OrdinalIgnoreCase)
        {
            ["openai"] = new ProviderOptions
            {
                Type = ProviderTypes.OpenAI,
                BaseUrl = "https://api.openai.com/v1",
                Keys = ["sk-upstream-0", "sk-upstream-1"],
                Models = ["gpt-4o", "gpt-4o-mini"],
            },
            ["mock"] = new ProviderOptions { Type = ProviderTypes.Mock, Models = ["echo"] },
        },
        Aliases = new(StringComparer.Ordinal)
        {
            ["fast"] = ["openai/gpt-4o-mini", "mock/echo"],
        },
    };
}
