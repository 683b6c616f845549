using System.Collections.Frozen;
using System.Globalization;
using LlmGateway.Configuration;
using Microsoft.Extensions.Options;

namespace LlmGateway.Credentials;

/// <summary>
/// Keys from <c>Gateway:Providers:&lt;name&gt;:Keys</c> (ids <c>provider:0</c>, <c>provider:1</c>...) and
/// <c>:Credentials</c> (ids <c>provider:label</c>, or the next position). A provider without any gets one keyless credential.
/// </summary>
internal sealed class ConfigurationCredentialSource : ICredentialSource
{
    private readonly FrozenDictionary<string, UpstreamCredential[]> _credentials;

    public ConfigurationCredentialSource(IOptions<GatewayOptions> options)
    {
        _credentials = options.Value.Providers.ToFrozenDictionary(p => p.Key, p => Build(p.Key, p.Value), StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyList<UpstreamCredential> GetCredentials(string provider) =>
        _credentials.TryGetValue(provider, out var list) ? list : [];

    internal static UpstreamCredential[] Build(string provider, ProviderOptions options)
    {
        var list = options.Keys.Select((key, i) => new UpstreamCredential($"{provider}:{i}", provider, key)).ToList();
        foreach (var credential in options.Credentials)
        {
            var label = string.IsNullOrWhiteSpace(credential.Label) ? list.Count.ToString(CultureInfo.InvariantCulture) : credential.Label;
            list.Add(new UpstreamCredential($"{provider}:{label}", provider, credential.Key)
            {
                Priority = credential.Priority,
                Weight = Math.Max(1, credential.Weight),
                ExcludedModels = credential.ExcludedModels.ToFrozenSet(StringComparer.Ordinal),
                AllowedModels = credential.Models.Where(m => !string.IsNullOrWhiteSpace(m)).ToFrozenSet(StringComparer.Ordinal),
                BaseUri = UpstreamCredential.ParseBaseUri(credential.BaseUrl),
            });
        }

        return list.Count == 0 ? [new UpstreamCredential(provider + ":keyless", provider, null)] : [.. list];
    }
}
