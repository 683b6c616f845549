namespace LlmGateway.Credentials;

/// <summary>Where upstream keys come from (configuration now; Key Vault plugs in here).</summary>
internal interface ICredentialSource
{
    /// <summary>The provider's credentials in configured order; never empty for a configured provider.</summary>
    IReadOnlyList<UpstreamCredential> GetCredentials(string provider);
}
