using Azure.Core;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using LlmGateway.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LlmGateway.Credentials.KeyVault;

/// <summary>Registers Key Vault as the source of upstream keys, bootstrap client keys and the management key.</summary>
internal static class KeyVaultRegistration
{
    /// <summary>
    /// Registers the <see cref="SecretClient"/> (one, built only when <c>Gateway:KeyVault:VaultUri</c> is set), the
    /// app's <see cref="TokenCredential"/> (<see cref="DefaultAzureCredential"/>, with
    /// <c>Gateway:ManagedIdentityClientId</c> when set), the reader, the <see cref="KeyVaultRefresher"/> and a hosted
    /// service that runs it when a vault is configured, <see cref="ConfiguredKeyVault"/> (the refresher or none) and
    /// the <see cref="ICredentialRefreshTrigger"/> a rejected key pulls. <see cref="GatewayOptions"/> is bound by
    /// AddLlmGateway.
    /// Register a <see cref="SecretClient"/> or <see cref="TokenCredential"/> first to use your own (tests do).
    /// </summary>
    public static IServiceCollection AddKeyVaultSecrets(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<GatewayOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GatewayOptions>, KeyVaultOptionsValidator>());
        services.TryAddSingleton<TokenCredential>(sp => CreateCredential(sp.GetRequiredService<IOptions<GatewayOptions>>().Value.ManagedIdentityClientId));
        services.TryAddSingleton(sp => CreateSecretClient(sp.GetRequiredService<IOptions<GatewayOptions>>().Value.KeyVault, sp.GetRequiredService<TokenCredential>()));
        services.TryAddSingleton<IKeyVaultSecretsReader, KeyVaultSecretsReader>();
        services.TryAddSingleton<KeyVaultRefresher>();
        services.TryAddSingleton(ConfiguredKeyVault.Create);
        services.TryAddSingleton<ICredentialRefreshTrigger>(sp => sp.GetRequiredService<ConfiguredKeyVault>().Refresher is { } refresher
            ? new KeyVaultRefreshTrigger(refresher, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<KeyVaultRefreshTrigger>>())
            : NoCredentialRefreshTrigger.Instance);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, KeyVaultRefreshHost>());
        return services;
    }

    /// <summary>The app's one credential: managed identity in Azure, developer sign-ins locally.</summary>
    public static TokenCredential CreateCredential(string? managedIdentityClientId) =>
        string.IsNullOrWhiteSpace(managedIdentityClientId)
            ? new DefaultAzureCredential()
            : new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = managedIdentityClientId });

    /// <summary>The client for <c>Gateway:KeyVault:VaultUri</c>; throws naming the setting when it is not set.</summary>
    public static SecretClient CreateSecretClient(KeyVaultOptions options, TokenCredential credential, SecretClientOptions? clientOptions = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(credential);
        if (!options.IsConfigured || !Uri.TryCreate(options.VaultUri, UriKind.Absolute, out var vaultUri))
        {
            throw new InvalidOperationException("Gateway:KeyVault:VaultUri is not set to an absolute URL, so there is no vault to read.");
        }

        return new SecretClient(vaultUri, credential, clientOptions ?? new SecretClientOptions());
    }
}
