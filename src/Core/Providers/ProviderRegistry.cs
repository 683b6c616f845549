using System.Collections.Frozen;
using System.Net;
using LlmGateway.Configuration;
using LlmGateway.Providers.Mock;
using Microsoft.Extensions.Options;

namespace LlmGateway.Providers;

/// <summary>Builds one long-lived connection pool per configured provider and hands them out by name.</summary>
internal sealed class ProviderRegistry : IDisposable
{
    private readonly FrozenDictionary<string, UpstreamProvider> _providers;

    public ProviderRegistry(IOptions<GatewayOptions> options, TimeProvider timeProvider)
    {
        _providers = options.Value.Providers.ToFrozenDictionary(
            p => p.Key,
            p => Create(p.Key, p.Value, timeProvider),
            StringComparer.OrdinalIgnoreCase);
    }

    public UpstreamProvider Get(string name) => _providers[name];

    public int Count => _providers.Count;

    public void Dispose()
    {
        foreach (var provider in _providers.Values)
        {
            provider.Invoker.Dispose();
        }
    }

    private static UpstreamProvider Create(string name, ProviderOptions options, TimeProvider timeProvider)
    {
        if (string.Equals(options.Type, ProviderTypes.Mock, StringComparison.OrdinalIgnoreCase))
        {
            return new UpstreamProvider(name, options, new HttpMessageInvoker(new MockUpstreamHandler(options, timeProvider)),
                MockUpstreamHandler.BaseUri, new MockParameterPolicy());
        }

        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(options.ConnectTimeoutSeconds),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            AutomaticDecompression = DecompressionMethods.All,
            EnableMultipleHttp2Connections = true,
            AllowAutoRedirect = false,
            UseCookies = false,
        };
        return new UpstreamProvider(name, options, new HttpMessageInvoker(handler), new Uri(options.BaseUrl!), null);
    }
}
