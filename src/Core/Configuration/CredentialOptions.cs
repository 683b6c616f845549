namespace LlmGateway.Configuration;

/// <summary>One upstream key with its place in the provider's pool (<c>Gateway:Providers:{name}:Credentials:{i}</c>).</summary>
public sealed class CredentialOptions
{
    /// <summary>The key sent upstream.</summary>
    public string Key { get; set; } = "";

    /// <summary>Names the credential in logs, usage and management (<c>provider:label</c>); default its position.</summary>
    public string? Label { get; set; }

    /// <summary>Tier: lower numbers are used first; a higher number only when every lower tier is unavailable (default 0).</summary>
    public int Priority { get; set; }

    /// <summary>Share of traffic under the <c>weighted</c> strategy (default 1).</summary>
    public int Weight { get; set; } = 1;

    /// <summary>Models this key must not serve (e.g. not on its plan).</summary>
    public List<string> ExcludedModels { get; set; } = [];

    /// <summary>The only models this key serves (e.g. a deployment that has only some); empty: every model.</summary>
    public List<string> Models { get; set; } = [];

    /// <summary>
    /// An absolute http(s) URL that replaces the provider's <c>BaseUrl</c> for this key (e.g. the same API in another
    /// region); empty: the provider's.
    /// </summary>
    public string? BaseUrl { get; set; }
}
