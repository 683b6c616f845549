using System.Net;
using LlmGateway.Configuration;
using LlmGateway.Storage.Tables;

namespace LlmGateway.Tests.Unit.Storage;

/// <summary>
/// The SharedKey signature. The expected signatures were computed outside .NET (Python's hmac and base64) from the
/// string to sign that the Table service documents: VERB, Content-MD5, Content-Type, Date, CanonicalizedResource.
/// </summary>
public class TableSharedKeyPolicyTests
{
    private const string DevDate = "Wed, 01 Jan 2025 12:00:00 GMT";

    /// <summary>Bytes 0..63, base64.</summary>
    private const string TestKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+Pw==";

    [Fact]
    public void StringToSign_PathStyleEntityGet_AccountTwiceAndEncodedKeys()
    {
        var uri = new Uri("http://127.0.0.1:10002/devstoreaccount1/" + TableKeys.EntityPath("orders", "o'brien", "r 1"));

        var text = TableSharedKeyPolicy.StringToSign("GET", null, null, DevDate, uri, "devstoreaccount1");

        Assert.Equal("GET\n\n\n" + DevDate + "\n/devstoreaccount1/devstoreaccount1/orders(PartitionKey='o%27%27brien',RowKey='r%201')", text);
    }

    [Fact]
    public void Sign_DevelopmentKeyVector_MatchesIndependentHmac()
    {
        var credential = new TableSharedKeyCredential(TableConnectionString.DevelopmentAccountName, TableConnectionString.DevelopmentAccountKey);

        var signature = credential.Sign("GET\n\n\n" + DevDate + "\n/devstoreaccount1/devstoreaccount1/orders(PartitionKey='o%27%27brien',RowKey='r%201')");

        Assert.Equal("0oNNUN0hitIZSX5tH3+pbP6Jq4Wuy7AB19P9l1+z3E0=", signature);
    }

    [Theory]
    [InlineData("https://acct.table.core.windows.net/?restype=service&comp=properties", "/acct/?comp=properties")]
    [InlineData("https://acct.table.core.windows.net/orders()?$filter=a%20eq%201&$top=5", "/acct/orders()")]
    [InlineData("https://acct.table.core.windows.net/Tables", "/acct/Tables")]
    public void CanonicalizedResource_Query_KeepsOnlyComp(string uri, string expected)
    {
        var resource = TableSharedKeyPolicy.CanonicalizedResource(new Uri(uri), "acct");

        Assert.Equal(expected, resource);
    }

    [Fact]
    public async Task CreateTable_HostStyleAccount_SendsDateAndSignatureOfDocumentedVector()
    {
        var stub = new StubTableHandler(HttpStatusCode.NoContent);
        var options = new StorageOptions { ConnectionString = $"DefaultEndpointsProtocol=https;AccountName=myaccount;AccountKey={TestKey};EndpointSuffix=core.windows.net", TablePrefix = string.Empty };
        var table = TableStoreFactory.Create(options, credential: null, stub.Options(), new ManualTimeProvider()).GetTableClient("orders");

        await table.CreateIfNotExistsAsync();

        var request = Assert.Single(stub.Requests);
        Assert.Equal(("POST", "https://myaccount.table.core.windows.net/Tables"), (request.Method, request.Uri.ToString()));
        Assert.Equal(DevDate, request.Header("x-ms-date"));
        Assert.Equal("application/json", request.Header("Content-Type"));
        Assert.Equal("SharedKey myaccount:jTOo/9/D0hHCdfBo+m3ENZaRfDVCLkh28ilgMWVktjM=", request.Header("Authorization"));
        Assert.Equal(TableConstants.ApiVersion, request.Header("x-ms-version"));
        Assert.Equal("""{"TableName":"orders"}""", request.Body);
    }

    [Fact]
    public async Task Send_RetriedAfter503_SignsEachAttemptWithItsOwnDate()
    {
        var clock = new ManualTimeProvider();
        var stub = new StubTableHandler((_, attempt) =>
        {
            clock.Advance(TimeSpan.FromSeconds(7));
            return StubTableHandler.Response(attempt == 0 ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.NoContent);
        });
        var options = new StorageOptions { ConnectionString = $"AccountName=myaccount;AccountKey={TestKey}" };
        var table = TableStoreFactory.Create(options, credential: null, stub.Options(), clock).GetTableClient("orders");

        await table.CreateIfNotExistsAsync();

        Assert.Equal(2, stub.Requests.Count);
        Assert.Equal(["Wed, 01 Jan 2025 12:00:00 GMT", "Wed, 01 Jan 2025 12:00:07 GMT"], stub.Requests.Select(r => r.Header("x-ms-date")));
        Assert.NotEqual(stub.Requests[0].Header("Authorization"), stub.Requests[1].Header("Authorization"));
    }
}
