using LlmGateway.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LlmGateway.Tests.Unit.Hosting;

public class AzureWebJobsStorageFallbackTests
{
    [Fact]
    public void UseAzureWebJobsStorageForState_ConnectionStringOnly_StateGoesToThatAccount()
    {
        var options = Resolve(new() { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" });

        Assert.Equal("UseDevelopmentStorage=true", options.Storage.ConnectionString);
        Assert.True(options.Storage.IsConfigured);
    }

    [Fact]
    public void UseAzureWebJobsStorageForState_IdentityBasedSettings_TableEndpointAndClientIdUsed()
    {
        var options = Resolve(new()
        {
            ["AzureWebJobsStorage:credential"] = "managedidentity",
            ["AzureWebJobsStorage:clientId"] = "00000000-0000-0000-0000-000000000042",
            ["AzureWebJobsStorage:tableServiceUri"] = "https://acct.table.core.windows.net",
        });

        Assert.Null(options.Storage.ConnectionString);
        Assert.Equal("https://acct.table.core.windows.net", options.Storage.TableServiceUri);
        Assert.Equal("00000000-0000-0000-0000-000000000042", options.ManagedIdentityClientId);
    }

    [Fact]
    public void UseAzureWebJobsStorageForState_GatewayStorageConfigured_GatewaySettingWins()
    {
        var options = Resolve(new()
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["Gateway:Storage:TableServiceUri"] = "https://other.table.core.windows.net",
        });

        Assert.Null(options.Storage.ConnectionString);
        Assert.Equal("https://other.table.core.windows.net", options.Storage.TableServiceUri);
    }

    [Fact]
    public void UseAzureWebJobsStorageForState_NothingSet_StateStaysInMemory()
    {
        var options = Resolve([]);

        Assert.False(options.Storage.IsConfigured);
    }

    private static GatewayOptions Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddOptions<GatewayOptions>().Bind(configuration.GetSection(GatewayOptions.SectionName));
        services.UseAzureWebJobsStorageForState();
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<GatewayOptions>>().Value;
    }
}
