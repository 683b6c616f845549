using System.Net;
using System.Security.Cryptography;
using System.Text;
using LlmGateway.Auth;
using LlmGateway.Configuration;
using LlmGateway.Server;
using LlmGateway.State;
using LlmGateway.Storage.Tables;
using LlmGateway.Tests.Infrastructure;
using LlmGateway.Usage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LlmGateway.Tests.EndToEnd.Azure;

/// <summary>Starting the Server host with <c>Gateway:Storage</c>: which stores it uses, and client keys from the table only.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class StorageStartupTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Start_StorageAndNoConfiguredClientKeys_StartsAnswers401UntilAKeyIsInTheTable()
    {
        var prefix = AzuriteFixture.UniquePrefix();
        await using var gateway = await GatewayFixture.StartWithAsync(new Dictionary<string, string?>
        {
            ["Gateway:Storage:ConnectionString"] = azurite.ConnectionString,
            ["Gateway:Storage:TablePrefix"] = prefix,
            ["Gateway:Providers:mock:Type"] = "mock",
            ["Gateway:Providers:mock:Models:0"] = "echo",
        });
        const string Secret = "sk-first-managed-key-0001";

        using (var before = await TwoInstanceGateway.ChatAsync(gateway, "echo", Secret))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, before.StatusCode);
        }

        // Another instance (or, later, the management API) creates the key; this one sees it at its refresh.
        using var elsewhere = new TableClientKeyStore(
            azurite.CreateStore(prefix: prefix), Options.Create(new GatewayOptions()), TimeProvider.System, NullLogger<TableClientKeyStore>.Instance);
        await elsewhere.SaveAsync(new StoredClientKey
        {
            Id = "ck_first",
            Hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Secret))),
            Prefix = Secret[..10],
            Created = DateTimeOffset.UtcNow,
        });
        await TwoInstanceGateway.ClientKeys(gateway).RefreshAsync();

        using var after = await TwoInstanceGateway.ChatAsync(gateway, "echo", Secret);
        using var wrongKey = await TwoInstanceGateway.ChatAsync(gateway, "echo", "sk-not-a-key-at-all-0000");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
    }

    [Fact]
    public async Task Build_UseDevelopmentStorage_StoresAreTableBackedOnAzuritesDefaultEndpoint()
    {
        await using var app = GatewayServer.Build(["--urls", "http://127.0.0.1:0", "--environment", "Testing"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Gateway:Storage:ConnectionString"] = "UseDevelopmentStorage=true",
                ["Gateway:Providers:mock:Type"] = "mock",
                ["Gateway:Providers:mock:Models:0"] = "echo",
            });
            builder.Logging.ClearProviders();
        });

        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), app.Services.GetRequiredService<ITableStore>().Endpoint);
        Assert.IsType<TableCredentialStateStore>(app.Services.GetRequiredService<ICredentialStateStore>());
        Assert.IsType<TableUsageSink>(app.Services.GetRequiredService<IUsageSink>());
        Assert.IsType<TableClientKeyStore>(app.Services.GetRequiredService<IClientKeyStore>());
    }

    [Fact]
    public async Task Build_NoStorage_StoresStayInMemory()
    {
        await using var app = GatewayServer.Build(["--urls", "http://127.0.0.1:0", "--environment", "Testing"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Gateway:ClientKeys:0:Name"] = "test",
                ["Gateway:ClientKeys:0:Key"] = GatewayFixture.ClientKey,
                ["Gateway:Providers:mock:Type"] = "mock",
                ["Gateway:Providers:mock:Models:0"] = "echo",
            });
            builder.Logging.ClearProviders();
        });

        Assert.IsType<InMemoryCredentialStateStore>(app.Services.GetRequiredService<ICredentialStateStore>());
        Assert.IsType<InMemoryUsageSink>(app.Services.GetRequiredService<IUsageSink>());
        Assert.IsType<InMemoryClientKeyStore>(app.Services.GetRequiredService<IClientKeyStore>());
    }
}
