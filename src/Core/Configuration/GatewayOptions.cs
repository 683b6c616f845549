namespace LlmGateway.Configuration;

/// <summary>The <c>Gateway</c> configuration section. Validated at start-up by <see cref="GatewayOptionsValidator"/>.</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>Keys clients present (Bearer, x-api-key, x-goog-api-key or ?key=).</summary>
    public List<ClientKeyOptions> ClientKeys { get; set; } = [];

    /// <summary>Serve without client keys. Off by default: with no keys the gateway refuses to start.</summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>Upstreams by name; the name is the <c>provider</c> part of <c>provider/model</c>.</summary>
    public Dictionary<string, ProviderOptions> Providers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A model name mapped to an ordered list of <c>provider/model</c> targets.</summary>
    public Dictionary<string, List<string>> Aliases { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Largest request body accepted, in bytes (default 50 MB). Larger bodies get 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>Seconds of silence on a stream before a keep-alive comment is sent (default 15).</summary>
    public double KeepAliveSeconds { get; set; } = 15;
}
