namespace LlmGateway.State;

/// <summary>A credential's outcome counters at one moment (see <see cref="CredentialStats"/>).</summary>
internal sealed record CredentialStatsSnapshot(long Successes, long Failures, CredentialError? LastError);
