namespace LlmGateway.State;

/// <summary>The last failure counted against a credential: its class (<c>upstream_429</c>, <c>upstream_unreachable</c>...), status and time.</summary>
internal sealed record CredentialError(string Class, int Status, DateTimeOffset Time);
