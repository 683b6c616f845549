using LlmGateway.Auth;
using LlmGateway.Configuration;
using LlmGateway.Credentials;
using LlmGateway.Credentials.KeyVault;
using LlmGateway.Embeddings;
using LlmGateway.Execution;
using LlmGateway.Hosting;
using LlmGateway.Management;
using LlmGateway.Protocols.Anthropic;
using LlmGateway.Protocols.Gemini;
using LlmGateway.Protocols.OpenAI;
using LlmGateway.Protocols.OpenAI.Completions;
using LlmGateway.Protocols.Responses;
using LlmGateway.Providers.Mock;
using LlmGateway.Providers;
using LlmGateway.Providers.AzureOpenAI;
using LlmGateway.Routing;
using LlmGateway.State;
using LlmGateway.Usage;
using Azure.Core;
using LlmGateway.Storage.Tables;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LlmGateway;

public static class LlmGatewayServiceCollectionExtensions
{
    /// <summary>
    /// Registers the gateway, bound to the <c>Gateway</c> configuration section and validated at start-up.
    /// State, usage and credentials default to in-memory and configuration; register other implementations first to replace them.
    /// </summary>
    public static IServiceCollection AddLlmGateway(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.SectionName).ValidateOnStart()
            .PostConfigure(options =>
            {
                // Gateway:KeyVaultUri is the short form of Gateway:KeyVault:VaultUri.
                if (!string.IsNullOrWhiteSpace(options.KeyVaultUri) && string.IsNullOrWhiteSpace(options.KeyVault.VaultUri))
                {
                    options.KeyVault.VaultUri = options.KeyVaultUri;
                }
            });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>());

        // The server's own body limit follows the gateway's, so the gateway answers 413 in the caller's shape.
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<GatewayOptions>>(
            (kestrel, gateway) => kestrel.Limits.MaxRequestBodySize = gateway.Value.MaxRequestBodyBytes + 1);

        services.TryAddSingleton(TimeProvider.System);
        services.AddKeyVaultSecrets();
        services.TryAddSingleton<ICredentialSource, LiveCredentialSource>();
        AddState(services);
        services.TryAddSingleton<ClientKeyAuthenticator>();
        services.TryAddSingleton<ModelCatalog>();
        services.TryAddSingleton<AzureOpenAITokens>();
        services.TryAddSingleton<ProviderRegistry>();
        services.TryAddSingleton<SessionAffinity>();
        services.TryAddSingleton<CredentialSelector>();
        services.TryAddSingleton<CredentialStats>();
        services.TryAddSingleton<HealthPolicy>();
        services.TryAddSingleton<UpstreamClient>();
        services.TryAddSingleton<RequestPipeline>();
        services.TryAddSingleton<MockResponder>();
        services.TryAddSingleton<ChatExecutor>();
        services.TryAddSingleton<OpenAIChatSurface>();
        services.TryAddSingleton<AnthropicMessagesSurface>();
        services.TryAddSingleton<ResponsesSurface>();
        services.TryAddSingleton<CountTokensHandler>();
        services.TryAddSingleton<GeminiSurface>();
        services.TryAddSingleton<GeminiHandler>();
        services.TryAddSingleton<ModelsHandler>();
        services.TryAddSingleton<HealthHandler>();
        AddManagement(services);
        services.TryAddSingleton<CompletionsSurface>();
        services.TryAddSingleton<EmbeddingsExecutor>();
        services.TryAddSingleton(sp => new GatewayEndpoints(
            sp.GetRequiredService<RequestPipeline>(),
            sp.GetRequiredService<ChatExecutor>(),
            sp.GetRequiredService<OpenAIChatSurface>(),
            sp.GetRequiredService<AnthropicMessagesSurface>(),
            sp.GetRequiredService<CountTokensHandler>(),
            sp.GetRequiredService<GeminiHandler>(),
            sp.GetRequiredService<ModelsHandler>(),
            sp.GetRequiredService<HealthHandler>(),
            sp.GetRequiredService<ManagementPipeline>(),
            sp.GetRequiredService<ClientUsageHandler>(),
            sp.GetRequiredService<ResponsesSurface>())
        {
            CompletionsSurface = sp.GetRequiredService<CompletionsSurface>(),
            EmbeddingsExecutor = sp.GetRequiredService<EmbeddingsExecutor>(),
        });
        services.AddHostedService<GatewayBackgroundServices>();
        return services;
    }

    /// <summary>The management API (<c>/v0/management</c>) and the clients' own usage (<c>/v1/usage</c>).</summary>
    private static void AddManagement(IServiceCollection services)
    {
        services.TryAddSingleton<ManagementKeySource>();
        services.TryAddSingleton<ManagementLockout>();
        services.TryAddSingleton<ManagementGuard>();
        services.TryAddSingleton<UsageManagementHandler>();
        services.TryAddSingleton<CredentialsManagementHandler>();
        services.TryAddSingleton<ClientKeysManagementHandler>();
        services.TryAddSingleton<ConfigManagementHandler>();
        services.TryAddSingleton<ManagementRouter>();
        services.TryAddSingleton<ManagementPipeline>();
        services.TryAddSingleton<ClientUsageHandler>();
    }

    /// <summary>
    /// Cooldowns, usage and client keys: in Table Storage when <c>Gateway:Storage</c> is configured (shared by every
    /// instance), in memory otherwise. Usage's write side (<see cref="IUsageSink"/>) and read side
    /// (<see cref="IUsageStore"/>) are one object. Registrations made before this call win.
    /// </summary>
    private static void AddState(IServiceCollection services)
    {
        services.TryAddSingleton(sp => TableStoreFactory.Create(
            sp.GetRequiredService<IOptions<GatewayOptions>>().Value.Storage,
            sp.GetService<TokenCredential>(),
            timeProvider: sp.GetRequiredService<TimeProvider>(),
            loggerFactory: sp.GetService<ILoggerFactory>()));
        services.TryAddSingleton<TableCredentialStateStore>();
        services.TryAddSingleton<TableUsageSink>();
        services.TryAddSingleton<TableClientKeyStore>();
        services.TryAddSingleton<ICredentialStateStore>(sp => UsesTables(sp)
            ? sp.GetRequiredService<TableCredentialStateStore>()
            : new InMemoryCredentialStateStore());
        services.TryAddSingleton<InMemoryUsageSink>();
        services.TryAddSingleton<IUsageStore>(sp => UsesTables(sp) ? sp.GetRequiredService<TableUsageSink>() : sp.GetRequiredService<InMemoryUsageSink>());
        services.TryAddSingleton<IUsageSink>(sp => UsesTables(sp) ? sp.GetRequiredService<TableUsageSink>() : sp.GetRequiredService<InMemoryUsageSink>());
        services.TryAddSingleton<IClientKeyStore>(sp => UsesTables(sp) ? sp.GetRequiredService<TableClientKeyStore>() : new InMemoryClientKeyStore());
    }

    private static bool UsesTables(IServiceProvider services) =>
        services.GetRequiredService<IOptions<GatewayOptions>>().Value.Storage.IsConfigured;
}
