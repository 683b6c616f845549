using System.Collections.Concurrent;

namespace LlmGateway.State;

/// <summary>
/// Per-credential outcome counters for the management API: successes, failures counted against the credential, and
/// the last such failure. Kept in this instance's memory only (not shared, reset on restart): with several
/// instances each reports what it saw. Cooldowns, which do matter for routing, are shared by
/// <see cref="ICredentialStateStore"/>.
/// </summary>
internal sealed class CredentialStats
{
    private readonly ConcurrentDictionary<string, Counters> _credentials = new(StringComparer.Ordinal);

    public void RecordSuccess(string credentialId) => Interlocked.Increment(ref For(credentialId).Successes);

    /// <summary>A failure the credential is blamed for; <paramref name="errorClass"/> is a short code such as <c>upstream_429</c>.</summary>
    public void RecordFailure(string credentialId, string errorClass, int status, DateTimeOffset time)
    {
        var counters = For(credentialId);
        Interlocked.Increment(ref counters.Failures);
        counters.LastError = new CredentialError(errorClass, status, time);
    }

    /// <summary>The credential's figures; zeros and no error when it has not been used on this instance.</summary>
    public CredentialStatsSnapshot Get(string credentialId) =>
        _credentials.TryGetValue(credentialId, out var counters)
            ? new CredentialStatsSnapshot(Interlocked.Read(ref counters.Successes), Interlocked.Read(ref counters.Failures), counters.LastError)
            : new CredentialStatsSnapshot(0, 0, null);

    /// <summary>Every credential id this instance has seen an outcome for.</summary>
    public IReadOnlyCollection<string> Known => [.. _credentials.Keys];

    private Counters For(string credentialId) => _credentials.GetOrAdd(credentialId, static _ => new Counters());

    private sealed class Counters
    {
        public long Successes;
        public long Failures;
        public volatile CredentialError? LastError;
    }
}
