using LlmGateway.Storage.Tables;

namespace LlmGateway.Tests.Unit.Storage;

public class TableConnectionStringTests
{
    private const string Key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+Pw==";

    [Fact]
    public void Parse_AccountKeyAndSuffix_BuildsHostStyleEndpoint()
    {
        var parsed = TableConnectionString.Parse($"DefaultEndpointsProtocol=https;AccountName=acct;AccountKey={Key};EndpointSuffix=core.chinacloudapi.cn");

        Assert.Equal(new Uri("https://acct.table.core.chinacloudapi.cn"), parsed.TableEndpoint);
        Assert.Equal("acct", parsed.AccountName);
    }

    [Fact]
    public void Parse_NoProtocolNoSuffix_DefaultsToHttpsCoreWindowsNet()
    {
        var parsed = TableConnectionString.Parse($"AccountName=acct;AccountKey={Key}");

        Assert.Equal(new Uri("https://acct.table.core.windows.net"), parsed.TableEndpoint);
    }

    [Fact]
    public void Parse_TableEndpoint_TakesPrecedenceOverSuffix()
    {
        var parsed = TableConnectionString.Parse($"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Key};TableEndpoint=http://127.0.0.1:10102/devstoreaccount1;EndpointSuffix=ignored.example;");

        Assert.Equal(new Uri("http://127.0.0.1:10102/devstoreaccount1"), parsed.TableEndpoint);
    }

    [Fact]
    public void Parse_UseDevelopmentStorage_GivesAzuriteAccountKeyAndPathStyleEndpoint()
    {
        var parsed = TableConnectionString.Parse("UseDevelopmentStorage=true");

        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), parsed.TableEndpoint);
        Assert.Equal("devstoreaccount1", parsed.AccountName);
        var expected = new TableSharedKeyCredential("devstoreaccount1", TableConnectionString.DevelopmentAccountKey).Sign("x");
        Assert.Equal(expected, parsed.Credential.Sign("x"));
    }

    [Fact]
    public void Parse_NamesInAnyCaseWithSpacesAndEmptySegments_AreRead()
    {
        var parsed = TableConnectionString.Parse($" accountname = acct ;; ACCOUNTKEY={Key} ; defaultendpointsprotocol=HTTP ;");

        Assert.Equal(new Uri("http://acct.table.core.windows.net"), parsed.TableEndpoint);
    }

    [Theory]
    [InlineData("AccountKey=" + Key, "has no AccountName")]
    [InlineData("AccountName=acct", "has no AccountKey")]
    [InlineData("AccountName=acct;AccountKey=" + Key + ";DefaultEndpointsProtocol=ftp", "DefaultEndpointsProtocol must be https or http")]
    [InlineData("AccountName=acct;AccountKey=" + Key + ";TableEndpoint=not a url", "TableEndpoint does not give an absolute http(s) URL")]
    [InlineData("AccountName=acct;AccountKey=" + Key + ";AccountName=other", "sets AccountName more than once")]
    [InlineData("UseDevelopmentStorage=false", "UseDevelopmentStorage must be 'true'")]
    [InlineData("TableEndpoint=https://a.table.core.windows.net;SharedAccessSignature=sv=2020&sig=abc", "SharedAccessSignature")]
    [InlineData("AccountName=acct;secret-without-equals", "segment 2 is not Name=Value")]
    [InlineData("AccountName=acct;" + Key + ";" + Key, "sets segment 3's name more than once")]
    public void Parse_Invalid_ThrowsNamingTheProblemWithoutTheKey(string connectionString, string expected)
    {
        var error = Assert.Throws<FormatException>(() => TableConnectionString.Parse(connectionString));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key[..20], error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sig=abc", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_KeyNotBase64_ThrowsWithoutKeyMaterial()
    {
        const string BadKey = "not-base64-secret-value!!";

        var error = Assert.Throws<FormatException>(() => TableConnectionString.Parse($"AccountName=acct;AccountKey={BadKey}"));

        Assert.Equal("The account key of storage account 'acct' is not valid base64.", error.Message);
        Assert.Null(error.InnerException);
    }

    [Fact]
    public void ToString_AccountKeyConnectionString_HidesTheKey()
    {
        var parsed = TableConnectionString.Parse($"AccountName=acct;AccountKey={Key}");

        Assert.Equal("TableEndpoint=https://acct.table.core.windows.net/;AccountName=acct;AccountKey=***", parsed.ToString());
        Assert.Equal("SharedKey(acct)", parsed.Credential.ToString());
    }
}
