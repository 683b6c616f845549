namespace LlmGateway.Credentials;

/// <summary>Keys from configuration only: a rejected key has nothing to re-read.</summary>
internal sealed class NoCredentialRefreshTrigger : ICredentialRefreshTrigger
{
    public static NoCredentialRefreshTrigger Instance { get; } = new();

    public void KeyRejected(UpstreamCredential credential)
    {
    }
}
