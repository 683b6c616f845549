using System.Collections.Frozen;
using LlmGateway.Configuration;
using Microsoft.Extensions.Options;

namespace LlmGateway.Credentials;

/// <summary>Keys from <c>Gateway:Providers:&lt;name&gt;:Keys</c>. A provider without keys gets one keyless credential.</summary>
internal sealed class ConfigurationCredentialSource : ICredentialSource
{
    private readonly FrozenDictionary<string, UpstreamCredential[]> _credentials;

    public ConfigurationCredentialSource(IOptions<GatewayOptions> options)
    {
        _credentials = options.Value.Providers.ToFrozenDictionary(
            p => p.Key,
            p => p.Value.Keys.Count == 0
                ? [new UpstreamCredential(p.Key + ":keyless", p.Key, null)]
                : p.Value.Keys.Select((key, i) => new UpstreamCredential($"{p.Key}:{i}", p.Key, key)).ToArray(),
            StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyList<UpstreamCredential> GetCredentials(string provider) =>
        _credentials.TryGetValue(provider, out var list) ? list : [];
}
