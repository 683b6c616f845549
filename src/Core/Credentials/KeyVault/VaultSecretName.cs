namespace LlmGateway.Credentials.KeyVault;

/// <summary>
/// The naming convention for the gateway's secrets in Key Vault: <c>upstream--{provider}--{label}</c> for an
/// upstream key, <c>client-key--{name}</c> for a bootstrap client key and <c>management-key</c> for the management
/// key. Key Vault names are case-insensitive and allow only <c>0-9a-zA-Z-</c>; the provider is everything up to the
/// first <c>--</c> after the prefix, the label the rest. Provider, label and client name must be non-empty and none
/// may start or end with a dash. A client key's name is in <see cref="Label"/>.
/// </summary>
internal readonly record struct VaultSecretName(VaultSecretKind Kind, string Provider, string Label)
{
    public const string UpstreamPrefix = "upstream--";

    public const string ClientKeyPrefix = "client-key--";

    public const string Separator = "--";

    public const string ManagementKeyName = "management-key";

    public static VaultSecretName Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (string.Equals(name, ManagementKeyName, StringComparison.OrdinalIgnoreCase))
        {
            return new VaultSecretName(VaultSecretKind.ManagementKey, "", "");
        }

        if (name.StartsWith(ClientKeyPrefix, StringComparison.OrdinalIgnoreCase))
        {
            var client = name.AsSpan(ClientKeyPrefix.Length);
            return IsValidPart(client)
                ? new VaultSecretName(VaultSecretKind.ClientKey, "", client.ToString())
                : new VaultSecretName(VaultSecretKind.Malformed, "", "");
        }

        if (!name.StartsWith(UpstreamPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return new VaultSecretName(VaultSecretKind.Other, "", "");
        }

        var rest = name.AsSpan(UpstreamPrefix.Length);
        var split = rest.IndexOf(Separator, StringComparison.Ordinal);
        if (split < 0 || !IsValidPart(rest[..split]) || !IsValidPart(rest[(split + Separator.Length)..]))
        {
            return new VaultSecretName(VaultSecretKind.Malformed, "", "");
        }

        return new VaultSecretName(VaultSecretKind.Upstream, rest[..split].ToString(), rest[(split + Separator.Length)..].ToString());
    }

    /// <summary>The secret name for an upstream key, e.g. <c>upstream--openai--primary</c>.</summary>
    public static string ForUpstream(string provider, string label) => UpstreamPrefix + provider + Separator + label;

    /// <summary>The secret name for a bootstrap client key, e.g. <c>client-key--ci</c>.</summary>
    public static string ForClientKey(string name) => ClientKeyPrefix + name;

    /// <summary>Whether a configured provider name can be written in a secret name (letters, digits, single dashes inside).</summary>
    public static bool IsUsableProviderName(string provider) =>
        IsValidPart(provider) && !provider.Contains(Separator, StringComparison.Ordinal);

    private static bool IsValidPart(ReadOnlySpan<char> part)
    {
        if (part.IsEmpty || part[0] == '-' || part[^1] == '-')
        {
            return false;
        }

        foreach (var c in part)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }
}
