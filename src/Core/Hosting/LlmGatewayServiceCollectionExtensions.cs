using LlmGateway.Auth;
using LlmGateway.Configuration;
using LlmGateway.Credentials;
using LlmGateway.Credentials.KeyVault;
using LlmGateway.Execution;
using LlmGateway.Hosting;
using LlmGateway.Protocols.Anthropic;
using LlmGateway.Protocols.Gemini;
using LlmGateway.Protocols.OpenAI;
using LlmGateway.Protocols.Responses;
using LlmGateway.Providers.Mock;
using LlmGateway.Providers;
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
        services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.SectionName).ValidateOnStart();
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
        services.TryAddSingleton<ProviderRegistry>();
        services.TryAddSingleton<SessionAffinity>();
        services.TryAddSingleton<CredentialSelector>();
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
        services.TryAddSingleton(sp => new GatewayEndpoints(
            sp.GetRequiredService<RequestPipeline>(),
            sp.GetRequiredService<ChatExecutor>(),
            sp.GetRequiredService<OpenAIChatSurface>(),
            sp.GetRequiredService<AnthropicMessagesSurface>(),
            sp.GetRequiredService<CountTokensHandler>(),
            sp.GetRequiredService<GeminiHandler>(),
            sp.GetRequiredService<ModelsHandler>(),
            sp.GetRequiredService<HealthHandler>(),
            sp.GetRequiredService<ResponsesSurface>()));
        services.AddHostedService<GatewayBackgroundServices>();
        return services;
    }

    /// <summary>
    /// Cooldowns, usage and client keys: in Table Storage when <c>Gateway:Storage</c> is configured (shared by every
    /// instance), in memory otherwise. Registrations made before this call win.
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
        services.TryAddSingleton<IUsageSink>(sp => UsesTables(sp) ? sp.GetRequiredService<TableUsageSink>() : new InMemoryUsageSink());
        services.TryAddSingleton<IClientKeyStore>(sp => UsesTables(sp) ? sp.GetRequiredService<TableClientKeyStore>() : new InMemoryClientKeyStore());
    }

    private static bool UsesTables(IServiceProvider services) =>
        services.GetRequiredService<IOptions<GatewayOptions>>().Value.Storage.IsConfigured;
}
