namespace LlmGateway.Credentials.KeyVault;

/// <summary>What a Key Vault secret's name says it holds (see <see cref="VaultSecretName"/>).</summary>
internal enum VaultSecretKind
{
    /// <summary>Not the gateway's: the vault may hold other secrets, which are left alone.</summary>
    Other,

    /// <summary><c>upstream--{provider}--{label}</c>: one upstream key.</summary>
    Upstream,

    /// <summary><c>management-key</c>: the key that guards <c>/v0/management</c>.</summary>
    ManagementKey,

    /// <summary>
    /// Starts with <c>upstream--</c> but has no valid provider and label, or with <c>client-key--</c> but has no valid
    /// name: ignored with a warning.
    /// </summary>
    Malformed,

    /// <summary><c>client-key--{name}</c>: a bootstrap client key; the client is identified as <c>{name}</c>.</summary>
    ClientKey,
}
