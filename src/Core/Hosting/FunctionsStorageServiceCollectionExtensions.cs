using LlmGateway.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LlmGateway;

public static class FunctionsStorageServiceCollectionExtensions
{
    /// <summary>
    /// Under the Functions host: when <c>Gateway:Storage</c> names no table store, the gateway keeps its state in the
    /// Functions host's own storage account, <c>AzureWebJobsStorage</c> — a connection string
    /// (<c>UseDevelopmentStorage=true</c> locally), or the identity-based form
    /// (<c>AzureWebJobsStorage__tableServiceUri</c> with <c>__clientId</c> for a user-assigned identity).
    /// </summary>
    public static IServiceCollection UseAzureWebJobsStorageForState(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<GatewayOptions>().PostConfigure<IConfiguration>((options, configuration) =>
        {
            if (options.Storage.IsConfigured)
            {
                return;
            }

            var webJobs = configuration.GetSection("AzureWebJobsStorage");
            if (!string.IsNullOrWhiteSpace(webJobs.Value))
            {
                options.Storage.ConnectionString = webJobs.Value;
            }
            else if (webJobs["tableServiceUri"] is { Length: > 0 } tableServiceUri)
            {
                options.Storage.TableServiceUri = tableServiceUri;
                if (string.IsNullOrWhiteSpace(options.ManagedIdentityClientId))
                {
                    options.ManagedIdentityClientId = webJobs["clientId"];
                }
            }
        });
        return services;
    }
}
