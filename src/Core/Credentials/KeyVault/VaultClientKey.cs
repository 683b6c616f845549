namespace LlmGateway.Credentials.KeyVault;

/// <summary>
/// A bootstrap client key read from Key Vault (secret <c>client-key--{name}</c>): callers presenting
/// <see cref="Key"/> are identified as <see cref="Name"/>, like a configured <c>Gateway:ClientKeys</c> entry.
/// </summary>
internal sealed record VaultClientKey(string Name, string Key)
{
    /// <summary>Never the key.</summary>
    public override string ToString() => $"client key {Name}";
}
