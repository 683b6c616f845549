using LlmGateway.Credentials.KeyVault;

namespace LlmGateway.Tests.Unit.Credentials.KeyVault;

public class VaultKeyTagsTests
{
    [Fact]
    public void Parse_NoTags_GivesDefaults()
    {
        var tags = VaultKeyTags.Parse(null);

        Assert.Equal(0, tags.Priority);
        Assert.Equal(1, tags.Weight);
        Assert.Empty(tags.ExcludedModels);
        Assert.Empty(tags.InvalidTags);
    }

    [Fact]
    public void Parse_AllTags_AppliesThem()
    {
        var tags = VaultKeyTags.Parse(new Dictionary<string, string>
        {
            ["priority"] = "2",
            ["weight"] = "5",
            ["excludedModels"] = "gpt-4o, o3 ,,gpt-4.1",
            ["owner"] = "team-a",
        });

        Assert.Equal(2, tags.Priority);
        Assert.Equal(5, tags.Weight);
        Assert.Equal(["gpt-4.1", "gpt-4o", "o3"], tags.ExcludedModels.Order(StringComparer.Ordinal));
        Assert.Empty(tags.InvalidTags);
    }

    [Fact]
    public void Parse_TagNamesInOtherCase_AreStillRead()
    {
        var tags = VaultKeyTags.Parse(new Dictionary<string, string> { ["Priority"] = "-1", ["WEIGHT"] = "3", ["ExcludedModels"] = "o1" });

        Assert.Equal(-1, tags.Priority);
        Assert.Equal(3, tags.Weight);
        Assert.Equal(["o1"], tags.ExcludedModels);
    }

    [Theory]
    [InlineData("priority", "high")]
    [InlineData("priority", "1.5")]
    [InlineData("weight", "0")]
    [InlineData("weight", "-2")]
    [InlineData("weight", "heavy")]
    public void Parse_InvalidNumber_KeepsDefaultAndNamesTheTag(string tag, string value)
    {
        var tags = VaultKeyTags.Parse(new Dictionary<string, string> { [tag] = value });

        Assert.Equal(0, tags.Priority);
        Assert.Equal(1, tags.Weight);
        Assert.Equal([tag], tags.InvalidTags);
    }

    [Fact]
    public void Parse_ExcludedModels_AreCaseSensitiveLikeModelIds()
    {
        var tags = VaultKeyTags.Parse(new Dictionary<string, string> { ["excludedModels"] = "GPT-4o" });

        IReadOnlySet<string> excluded = tags.ExcludedModels;
        Assert.Contains("GPT-4o", excluded);
        Assert.DoesNotContain("gpt-4o", excluded);
    }

    [Fact]
    public void Parse_NoTags_ServesEveryModelAtTheProvidersUrlAndIsEnabled()
    {
        var tags = VaultKeyTags.Parse(new Dictionary<string, string> { ["owner"] = "team-a" });

        Assert.Empty(tags.Models);
        Assert.Null(tags.BaseUri);
        Assert.True(tags.Enabled);
        Assert.Empty(tags.InvalidTags);
    }

    [Fact]
    public void Parse_ModelsBaseUrlAndEnabled_AppliesThem()
    {
        var tags = VaultKeyTags.Parse(new Dictionary<string, string>
        {
            ["Models"] = " gpt-4o ,gpt-4o-mini,,",
            ["BASEURL"] = "https://eastus.example.com/openai/v1",
            ["enabled"] = " False ",
        });

        Assert.Equal(["gpt-4o", "gpt-4o-mini"], tags.Models.Order(StringComparer.Ordinal));
        Assert.Equal(new Uri("https://eastus.example.com/openai/v1/"), tags.BaseUri);
        Assert.False(tags.Enabled);
        Assert.Empty(tags.InvalidTags);
    }

    [Theory]
    [InlineData("baseUrl", "eastus.example.com/v1")]
    [InlineData("baseUrl", "ftp://eastus.example.com/v1")]
    [InlineData("baseUrl", "/v1")]
    [InlineData("enabled", "no")]
    [InlineData("enabled", "0")]
    public void Parse_InvalidBaseUrlOrEnabled_KeepsDefaultAndNamesTheTag(string tag, string value)
    {
        var tags = VaultKeyTags.Parse(new Dictionary<string, string> { [tag] = value });

        Assert.Null(tags.BaseUri);
        Assert.True(tags.Enabled);
        Assert.Equal([tag], tags.InvalidTags);
    }

    [Theory]
    [InlineData("false", true)]
    [InlineData("FALSE", true)]
    [InlineData("true", false)]
    [InlineData("off", false)]
    public void IsDisabledByTag_EnabledTag_TrueOnlyForFalse(string value, bool disabled)
    {
        Assert.Equal(disabled, VaultKeyTags.IsDisabledByTag(new Dictionary<string, string> { ["Enabled"] = value }));
    }
}
