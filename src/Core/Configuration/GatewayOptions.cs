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

    /// <summary>
    /// Seconds a non-stream answer may take before the gateway starts sending whitespace ahead of the JSON body
    /// (status 200 is then committed), so Azure's 230 s idle limit never cuts a slow answer. 0 turns it off (default 90).
    /// </summary>
    public double NonStreamKeepAliveSeconds { get; set; } = 90;

    /// <summary>A model (alias, canonical id or bare name) mapped to <c>provider/model</c> targets tried, in order, after its own fail.</summary>
    public Dictionary<string, List<string>> Fallbacks { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Upstream response headers passed on to clients (e.g. <c>x-request-id</c>); hop-by-hop and credential headers never are.</summary>
    public List<string> ForwardResponseHeaders { get; set; } = [];

    public RetryOptions Retry { get; set; } = new();

    public HealthOptions Health { get; set; } = new();

    public AffinityOptions Affinity { get; set; } = new();

    public StorageOptions Storage { get; set; } = new();

    public KeyVaultOptions KeyVault { get; set; } = new();

    /// <summary>The Key Vault holding upstream keys (and the management key): the short form of <c>KeyVault:VaultUri</c>.</summary>
    [DeploymentSetting]
    public string? KeyVaultUri { get; set; }

    /// <summary>Guards <c>/v0/management</c>. Unset: every management route answers 404. With Key Vault, the <c>management-key</c> secret.</summary>
    public string? ManagementKey { get; set; }

    /// <summary>The client id of the user-assigned managed identity used for Tables and Key Vault; empty: the default Azure credential.</summary>
    [DeploymentSetting]
    public string? ManagedIdentityClientId { get; set; }
}
