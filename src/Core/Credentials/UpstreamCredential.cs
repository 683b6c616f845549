namespace LlmGateway.Credentials;

/// <summary>
/// One upstream key. <see cref="Id"/> (<c>provider:index</c>) is what logs, usage and health use;
/// <see cref="Secret"/> is only ever put in an upstream request header. Null for keyless upstreams.
/// </summary>
internal sealed class UpstreamCredential(string id, string provider, string? secret)
{
    public string Id { get; } = id;

    public string Provider { get; } = provider;

    public string? Secret { get; } = secret;

    /// <summary>Never the secret: credentials end up in interpolated strings and debugger views.</summary>
    public override string ToString() => Id;
}
