using LlmGateway.Credentials.KeyVault;

namespace LlmGateway.Tests.Unit.Credentials.KeyVault;

public class VaultSecretNameTests
{
    [Theory]
    [InlineData("upstream--openai--primary", "openai", "primary")]
    [InlineData("upstream--azure-openai--east-1", "azure-openai", "east-1")]
    [InlineData("Upstream--Anthropic--Backup2", "Anthropic", "Backup2")]
    [InlineData("upstream--gemini--a--b", "gemini", "a--b")]
    [InlineData("upstream--x--1", "x", "1")]
    public void Parse_UpstreamName_GivesProviderAndLabel(string name, string provider, string label)
    {
        var parsed = VaultSecretName.Parse(name);

        Assert.Equal(new VaultSecretName(VaultSecretKind.Upstream, provider, label), parsed);
    }

    [Theory]
    [InlineData("upstream--openai")]
    [InlineData("upstream--openai--")]
    [InlineData("upstream----primary")]
    [InlineData("upstream---openai--primary")]
    [InlineData("upstream--openai---primary")]
    [InlineData("upstream--openai--primary-")]
    [InlineData("upstream--open_ai--primary")]
    [InlineData("upstream--open.ai--primary")]
    [InlineData("upstream--")]
    public void Parse_UpstreamPrefixWithoutValidProviderAndLabel_IsMalformed(string name)
    {
        Assert.Equal(VaultSecretKind.Malformed, VaultSecretName.Parse(name).Kind);
    }

    [Theory]
    [InlineData("management-key")]
    [InlineData("Management-Key")]
    public void Parse_ManagementKeyName_IsManagementKey(string name)
    {
        Assert.Equal(VaultSecretKind.ManagementKey, VaultSecretName.Parse(name).Kind);
    }

    [Theory]
    [InlineData("db-password")]
    [InlineData("upstream-openai-primary")]
    [InlineData("management-key-old")]
    [InlineData("myupstream--openai--primary")]
    public void Parse_SomeoneElsesSecret_IsOther(string name)
    {
        Assert.Equal(VaultSecretKind.Other, VaultSecretName.Parse(name).Kind);
    }

    [Fact]
    public void ForUpstream_ProviderAndLabel_RoundTripsThroughParse()
    {
        var name = VaultSecretName.ForUpstream("azure-openai", "west");

        Assert.Equal("upstream--azure-openai--west", name);
        Assert.Equal(new VaultSecretName(VaultSecretKind.Upstream, "azure-openai", "west"), VaultSecretName.Parse(name));
    }

    [Theory]
    [InlineData("openai", true)]
    [InlineData("azure-openai", true)]
    [InlineData("my_provider", false)]
    [InlineData("local.vllm", false)]
    [InlineData("a--b", false)]
    [InlineData("-x", false)]
    public void IsUsableProviderName_Name_TellsWhetherASecretNameCanCarryIt(string provider, bool usable)
    {
        Assert.Equal(usable, VaultSecretName.IsUsableProviderName(provider));
    }

    [Theory]
    [InlineData("client-key--ci", "ci")]
    [InlineData("Client-Key--Team-A2", "Team-A2")]
    [InlineData("client-key--a--b", "a--b")]
    public void Parse_ClientKeyName_GivesTheClientName(string name, string client)
    {
        Assert.Equal(new VaultSecretName(VaultSecretKind.ClientKey, "", client), VaultSecretName.Parse(name));
    }

    [Theory]
    [InlineData("client-key--")]
    [InlineData("client-key---ci")]
    [InlineData("client-key--ci-")]
    [InlineData("client-key--c_i")]
    public void Parse_ClientKeyPrefixWithoutValidName_IsMalformed(string name)
    {
        Assert.Equal(VaultSecretKind.Malformed, VaultSecretName.Parse(name).Kind);
    }

    [Theory]
    [InlineData("client-key")]
    [InlineData("client-key-ci")]
    public void Parse_ClientKeyLookalike_IsOther(string name)
    {
        Assert.Equal(VaultSecretKind.Other, VaultSecretName.Parse(name).Kind);
    }

    [Fact]
    public void ForClientKey_Name_RoundTripsThroughParse()
    {
        var name = VaultSecretName.ForClientKey("ci-runner");

        Assert.Equal("client-key--ci-runner", name);
        Assert.Equal("ci-runner", VaultSecretName.Parse(name).Label);
    }
}
