using LlmGateway.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LlmGateway.Credentials.KeyVault;

/// <summary>
/// Runs the <see cref="KeyVaultRefresher"/> when <c>Gateway:KeyVault:VaultUri</c> is set; otherwise does nothing
/// and never builds a <c>SecretClient</c>. The choice is made when the host starts, after configuration is bound.
/// </summary>
internal sealed class KeyVaultRefreshHost(IOptions<GatewayOptions> options, IServiceProvider services) : IHostedService
{
    private KeyVaultRefresher? _refresher;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.KeyVault.IsConfigured)
        {
            return Task.CompletedTask;
        }

        _refresher = services.GetRequiredService<KeyVaultRefresher>();
        return _refresher.StartAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) =>
        _refresher?.StopAsync(cancellationToken) ?? Task.CompletedTask;
}
