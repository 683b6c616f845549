using LlmGateway.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LlmGateway.Credentials.KeyVault;

/// <summary>
/// Runs the <see cref="KeyVaultRefresher"/> when <c>Gateway:KeyVault:VaultUri</c> is set; otherwise does nothing
/// and never builds a <c>SecretClient</c>. The choice is made when the host starts, after configuration is bound.
/// Start-up waits up to <see cref="FirstLoadWait"/> for the first read, so the first requests find their keys; a
/// vault that is slow or unreachable does not stop the start (requests then get keys at the next refresh).
/// </summary>
internal sealed class KeyVaultRefreshHost(IOptions<GatewayOptions> options, IServiceProvider services) : IHostedService
{
    public static readonly TimeSpan FirstLoadWait = TimeSpan.FromSeconds(15);
    private KeyVaultRefresher? _refresher;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.KeyVault.IsConfigured)
        {
            return;
        }

        _refresher = services.GetRequiredService<KeyVaultRefresher>();
        await _refresher.StartAsync(cancellationToken).ConfigureAwait(false);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(FirstLoadWait);
        try
        {
            await _refresher.WaitForFirstLoadAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Not loaded in time: serve with what there is; the refresher keeps trying.
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) =>
        _refresher?.StopAsync(cancellationToken) ?? Task.CompletedTask;
}
