namespace LlmGateway.Credentials;

/// <summary>
/// Told when an upstream rejects a key (401/403), so a source that can change while running (Key Vault) looks for
/// a rotated value at once instead of at its next scheduled read. Must return at once: it is called on a request.
/// </summary>
internal interface ICredentialRefreshTrigger
{
    void KeyRejected(UpstreamCredential credential);
}
