using System.Collections.Frozen;

namespace LlmGateway.Credentials;

/// <summary>
/// One upstream key. <see cref="Id"/> (<c>provider:label</c>) is what logs, usage and health use;
/// <see cref="Secret"/> is only ever put in an upstream request header. Null for keyless upstreams.
/// </summary>
internal sealed class UpstreamCredential(string id, string provider, string? secret)
{
    public string Id { get; } = id;

    public string Provider { get; } = provider;

    public string? Secret { get; } = secret;

    /// <summary>
    /// <see cref="Secret"/> as UTF-8 (empty when keyless), for removing it from whatever the upstream sends back.
    /// </summary>
    public ReadOnlyMemory<byte> SecretUtf8 { get; } = string.IsNullOrEmpty(secret) ? default : System.Text.Encoding.UTF8.GetBytes(secret);

    /// <summary>Tier: lower numbers are used first.</summary>
    public int Priority { get; init; }

    /// <summary>Share of traffic under the weighted strategy (at least 1).</summary>
    public int Weight { get; init; } = 1;

    /// <summary>Models this credential must not serve.</summary>
    public FrozenSet<string> ExcludedModels { get; init; } = FrozenSet<string>.Empty;

    /// <summary>The only models this credential serves; empty: every model (less <see cref="ExcludedModels"/>).</summary>
    public FrozenSet<string> AllowedModels { get; init; } = FrozenSet<string>.Empty;

    /// <summary>
    /// Where this key's requests go instead of the provider's base URL (another region or resource), or null for the
    /// provider's. Ends with a slash, like the provider's.
    /// </summary>
    public Uri? BaseUri { get; init; }

    /// <summary>Read from Key Vault (so a rejection is worth a re-read of the vault), not from configuration.</summary>
    public bool IsFromKeyVault { get; init; }

    /// <summary>Whether this credential may serve <paramref name="model"/> (the upstream's model id).</summary>
    public bool Serves(string model) =>
        (AllowedModels.Count == 0 || AllowedModels.Contains(model))
        && (ExcludedModels.Count == 0 || !ExcludedModels.Contains(model));

    /// <summary>An absolute http(s) URL as a base URI ending with a slash; null when the text is not one.</summary>
    public static Uri? ParseBaseUri(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)
            || !Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return null;
        }

        return uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }

    /// <summary>Never the secret: credentials end up in interpolated strings and debugger views.</summary>
    public override string ToString() => Id;
}
