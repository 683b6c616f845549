using LlmGateway.Configuration;
using LlmGateway.Management;

namespace LlmGateway.Tests.Unit.Management;

public sealed class ConfigRedactorTests
{
    [Fact]
    public void Redact_EverySecretField_BecomesStars()
    {
        var options = new GatewayOptions
        {
            ClientKeys = [new ClientKeyOptions { Name = "dev", Key = "sk-client-1234" }],
            ManagementKey = "mgmt-key-0123456789",
            Providers =
            {
                ["openai"] = new ProviderOptions
                {
                    Type = "openai",
                    BaseUrl = "https://api.openai.com/v1",
                    Keys = ["sk-openai-1111"],
                    Credentials = [new CredentialOptions { Label = "b", Key = "sk-openai-2222" }],
                    Models = ["gpt-4o"],
                },
            },
            Storage = new StorageOptions { ConnectionString = "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=c2VjcmV0a2V5PT0=;EndpointSuffix=core.windows.net" },
        };

        var json = ConfigRedactor.Redact(options, managementKeyInForce: true, []).ToJsonString();

        foreach (var secret in new[] { "sk-client-1234", "mgmt-key-0123456789", "sk-openai-1111", "sk-openai-2222", "c2VjcmV0a2V5PT0=" })
        {
            Assert.DoesNotContain(secret, json, StringComparison.Ordinal);
        }

        Assert.Contains("\"Name\":\"dev\"", json, StringComparison.Ordinal);
        Assert.Contains("\"ManagementKey\":\"***\"", json, StringComparison.Ordinal);
        Assert.Contains("AccountName=acct;AccountKey=***;EndpointSuffix=core.windows.net", json, StringComparison.Ordinal);
        Assert.Contains("https://api.openai.com/v1", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Redact_SecretRepeatedInAnotherSetting_IsReplacedThereToo()
    {
        var options = new GatewayOptions
        {
            Providers =
            {
                ["odd"] = new ProviderOptions { Type = "openai", BaseUrl = "https://host/v1?api-key=sk-odd-5555", Keys = ["sk-odd-5555"], Models = ["m"] },
            },
            ForwardResponseHeaders = ["x-vault-value-abcdef"],
        };

        var json = ConfigRedactor.Redact(options, managementKeyInForce: false, ["vault-value-abcdef"]).ToJsonString();

        Assert.DoesNotContain("sk-odd-5555", json, StringComparison.Ordinal);
        Assert.DoesNotContain("vault-value-abcdef", json, StringComparison.Ordinal);
        Assert.Contains("\"BaseUrl\":\"***\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("ManagementKey", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("UseDevelopmentStorage=true", "UseDevelopmentStorage=true")]
    [InlineData("AccountName=a;AccountKey=k==;TableEndpoint=http://x", "AccountName=a;AccountKey=***;TableEndpoint=http://x")]
    [InlineData("TableEndpoint=https://a.table.core.windows.net;SharedAccessSignature=sv=2024&sig=abc%3D", "TableEndpoint=https://a.table.core.windows.net;SharedAccessSignature=***")]
    public void RedactConnectionString_KeyOrSignature_IsMaskedAndTheRestKept(string connection, string expected)
    {
        Assert.Equal(expected, ConfigRedactor.RedactConnectionString(connection));
    }
}
