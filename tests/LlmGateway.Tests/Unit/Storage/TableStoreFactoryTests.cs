using System.Net;
using LlmGateway.Configuration;
using LlmGateway.Storage.Tables;

namespace LlmGateway.Tests.Unit.Storage;

public class TableStoreFactoryTests
{
    private const string Key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+Pw==";

    [Fact]
    public async Task Create_TableServiceUriAndCredential_SendsBearerTokenForStorageScope()
    {
        var stub = new StubTableHandler(HttpStatusCode.OK, """{"PartitionKey":"p","RowKey":"r","V":1}""");
        var credential = new FakeTokenCredential("fake-access-token");
        var store = TableStoreFactory.Create(new StorageOptions { TableServiceUri = "https://acct.table.core.windows.net/" }, credential, stub.Options());

        var entity = await store.GetTableClient("orders").GetAsync("p", "r");

        Assert.Equal(1, entity?.GetInt32("V"));
        var request = Assert.Single(stub.Requests);
        Assert.Equal("https://acct.table.core.windows.net/gatewayorders(PartitionKey='p',RowKey='r')", request.Uri.ToString());
        Assert.Equal("Bearer fake-access-token", request.Header("Authorization"));
        Assert.Equal(["https://storage.azure.com/.default"], Assert.Single(credential.Scopes));
        Assert.Equal("application/json;odata=minimalmetadata", request.Header("Accept")!.Replace(" ", "", StringComparison.Ordinal));
        Assert.Equal("2019-02-02", request.Header("x-ms-version"));
        Assert.Equal("3.0", request.Header("DataServiceVersion"));
    }

    [Fact]
    public void GetTableClient_Prefix_IsPutBeforeTheName()
    {
        var store = TableStoreFactory.Create(new StorageOptions { ConnectionString = "UseDevelopmentStorage=true", TablePrefix = "llm" }, credential: null);

        var table = store.GetTableClient("cooldowns");

        Assert.Equal("llmcooldowns", table.Name);
        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), store.Endpoint);
    }

    [Theory]
    [InlineData(null, null, null, "No table storage is configured")]
    [InlineData("UseDevelopmentStorage=true", "https://acct.table.core.windows.net", null, "Set only one of")]
    [InlineData(null, "http://acct.table.core.windows.net", null, "TableServiceUri must be an absolute https URL")]
    [InlineData(null, "https://acct.table.core.windows.net", null, "TableServiceUri needs a TokenCredential")]
    [InlineData("UseDevelopmentStorage=true", null, "bad-prefix", "TablePrefix must be")]
    [InlineData("AccountName=acct", null, null, "Gateway:Storage:ConnectionString: The storage connection string has no AccountKey.")]
    public void Create_BadSettings_ThrowsNamingTheSetting(string? connectionString, string? serviceUri, string? prefix, string expected)
    {
        var options = new StorageOptions { ConnectionString = connectionString, TableServiceUri = serviceUri, TablePrefix = prefix ?? "gateway" };

        var error = Assert.Throws<ArgumentException>(() => TableStoreFactory.Create(options, credential: null));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_KeyNotBase64_MessageHasNoKeyMaterial()
    {
        const string Secret = "s3cr3t-not-base64!";
        var options = new StorageOptions { ConnectionString = $"AccountName=acct;AccountKey={Secret}" };

        var error = Assert.Throws<ArgumentException>(() => TableStoreFactory.Create(options, credential: null));

        Assert.DoesNotContain(Secret, error.ToString(), StringComparison.Ordinal);
        Assert.Contains("not valid base64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_ServiceAnswers403_MessageLeavesOutTheServiceTextAndSecrets()
    {
        const string Body = """{"odata.error":{"code":"AuthenticationFailed","message":{"lang":"en-US","value":"Server used following string to sign: 'GET\n\n\nsignature'"}}}""";
        var stub = new StubTableHandler(HttpStatusCode.Forbidden, Body);
        var options = new StorageOptions { ConnectionString = $"AccountName=acct;AccountKey={Key}" };
        var table = TableStoreFactory.Create(options, credential: null, stub.Options()).GetTableClient("orders");

        var error = await Assert.ThrowsAsync<TableRequestFailedException>(() => table.GetAsync("p", "r"));

        Assert.Equal("Table get on 'gatewayorders' failed: 403 AuthenticationFailed", error.Message);
        Assert.DoesNotContain(Key, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(stub.Requests[0].Header("Authorization")!["SharedKey acct:".Length..], error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_ServiceAnswers409_MessageHasCodeAndFirstLineOfServiceMessage()
    {
        const string Body = """{"odata.error":{"code":"EntityAlreadyExists","message":{"lang":"en-US","value":"The specified entity already exists.\nRequestId:1\nTime:2"}}}""";
        var stub = new StubTableHandler(HttpStatusCode.Conflict, Body);
        var table = TableStoreFactory.Create(new StorageOptions { ConnectionString = "UseDevelopmentStorage=true" }, credential: null, stub.Options()).GetTableClient("orders");

        var error = await Assert.ThrowsAsync<TableRequestFailedException>(() => table.InsertAsync(new TableEntity("p", "r")));

        Assert.Equal("Table insert on 'gatewayorders' failed: 409 EntityAlreadyExists: The specified entity already exists.", error.Message);
        Assert.True(error.IsConflict);
    }

    [Fact]
    public async Task Upsert_MergeAndReplace_UseMergeAndPutWithoutIfMatch()
    {
        var stub = new StubTableHandler((_, _) => StubTableHandler.Response(HttpStatusCode.NoContent, null, ("ETag", "W/\"datetime'x'\"")));
        var table = TableStoreFactory.Create(new StorageOptions { ConnectionString = "UseDevelopmentStorage=true" }, credential: null, stub.Options()).GetTableClient("orders");

        var merged = await table.UpsertAsync(new TableEntity("p", "r"), TableUpdateMode.Merge);
        await table.UpsertAsync(new TableEntity("p", "r"), TableUpdateMode.Replace);
        await table.UpdateAsync(new TableEntity("p", "r"), merged, TableUpdateMode.Replace);

        Assert.Equal(["MERGE", "PUT", "PUT"], stub.Requests.Select(r => r.Method));
        Assert.Equal([null, null, "W/\"datetime'x'\""], stub.Requests.Select(r => r.Header("If-Match")));
        Assert.Equal("W/\"datetime'x'\"", merged.ToString());
    }
}
