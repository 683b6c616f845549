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

    /// <summary>Tier: lower numbers are used first.</summary>
    public int Priority { get; init; }

    /// <summary>Share of traffic under the weighted strategy (at least 1).</summary>
    public int Weight { get; init; } = 1;

    /// <summary>Models this credential must not serve.</summary>
    public FrozenSet<string> ExcludedModels { get; init; } = FrozenSet<string>.Empty;

    /// <summary>Never the secret: credentials end up in interpolated strings and debugger views.</summary>
    public override string ToString() => Id;
}
