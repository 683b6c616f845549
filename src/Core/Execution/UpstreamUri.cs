namespace LlmGateway.Execution;

/// <summary>
/// Points an upstream request at a credential's own base URL (<c>baseUrl</c> tag, <c>Credentials:{i}:BaseUrl</c>):
/// the dialects build their URIs under the provider's base URL, and this swaps that prefix for the credential's.
/// </summary>
internal static class UpstreamUri
{
    /// <summary>
    /// <paramref name="uri"/> with <paramref name="providerBase"/> replaced by <paramref name="credentialBase"/>;
    /// <paramref name="uri"/> itself when the credential has no base of its own or the URI is not under the provider's.
    /// Both bases end with a slash (as <c>UpstreamProvider</c> and <c>UpstreamCredential</c> keep them).
    /// </summary>
    public static Uri Rebase(Uri uri, Uri? providerBase, Uri? credentialBase)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (credentialBase is null || providerBase is null)
        {
            return uri;
        }

        var prefix = providerBase.AbsoluteUri;
        var full = uri.AbsoluteUri;
        return full.StartsWith(prefix, StringComparison.Ordinal)
            ? new Uri(credentialBase.AbsoluteUri + full[prefix.Length..])
            : uri;
    }
}
