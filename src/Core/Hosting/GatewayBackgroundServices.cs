using LlmGateway.Auth;
using LlmGateway.State;
using LlmGateway.Usage;
using Microsoft.Extensions.Hosting;

namespace LlmGateway.Hosting;

/// <summary>
/// Starts and stops the background work of whichever state implementations are in use (table refreshes,
/// write-behind queues): each of the gateway's stores that is also an <see cref="IHostedService"/>. In-memory
/// implementations have none, so an embedded gateway without storage starts nothing.
/// </summary>
internal sealed class GatewayBackgroundServices(ICredentialStateStore state, IUsageSink usage, IUsageStore usageStore, IClientKeyStore keys) : IHostedService
{
    private readonly IHostedService[] _services = new object[] { state, usage, usageStore, keys }.OfType<IHostedService>().Distinct().ToArray();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var service in _services)
        {
            await service.StartAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var service in _services.Reverse())
        {
            await service.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
