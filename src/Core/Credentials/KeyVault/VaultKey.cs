using System.Collections.Frozen;

namespace LlmGateway.Credentials.KeyVault;

/// <summary>
/// One upstream key read from Key Vault (secret <c>upstream--{provider}--{label}</c>), with its pool settings from
/// the secret's tags. <see cref="Version"/> is the Key Vault secret version the value came from.
/// </summary>
internal sealed record VaultKey(string Label, string Secret, int Priority, int Weight, IReadOnlySet<string> ExcludedModels, string? Version)
{
    /// <summary>The only models this key serves (<c>models</c> tag); empty: every model.</summary>
    public IReadOnlySet<string> Models { get; init; } = FrozenSet<string>.Empty;

    /// <summary>The key's own base URL (<c>baseUrl</c> tag), or null for the provider's.</summary>
    public Uri? BaseUri { get; init; }

    /// <summary>Compares the model sets as sets (a record would compare the sets' references).</summary>
    public bool Equals(VaultKey? other) =>
        other is not null
        && string.Equals(Label, other.Label, StringComparison.Ordinal)
        && string.Equals(Secret, other.Secret, StringComparison.Ordinal)
        && Priority == other.Priority
        && Weight == other.Weight
        && string.Equals(Version, other.Version, StringComparison.Ordinal)
        && ExcludedModels.SetEquals(other.ExcludedModels)
        && Models.SetEquals(other.Models)
        && string.Equals(BaseUri?.AbsoluteUri, other.BaseUri?.AbsoluteUri, StringComparison.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Label, Version, Priority, Weight);

    /// <summary>Never the secret: keys end up in interpolated strings and debugger views.</summary>
    public override string ToString() => $"{Label} (version {Version}, priority {Priority}, weight {Weight})";
}
