namespace LlmGateway.Auth;

/// <summary>Who is calling: the configured name of the client key (never the key itself).</summary>
internal sealed record ClientIdentity(string KeyName)
{
    public static readonly ClientIdentity Anonymous = new("anonymous");
}
