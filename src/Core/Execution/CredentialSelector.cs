using System.Collections.Concurrent;
using LlmGateway.Credentials;
using LlmGateway.State;

namespace LlmGateway.Execution;

/// <summary>Round-robin over a provider's credentials, skipping (credential, model) pairs that are cooling down.</summary>
internal sealed class CredentialSelector(ICredentialSource source, ICredentialStateStore state, TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.OrdinalIgnoreCase);

    public CredentialChoice Select(string provider, string model)
    {
        var credentials = source.GetCredentials(provider);
        if (credentials.Count == 0)
        {
            return default;
        }

        var now = timeProvider.GetUtcNow();
        var counter = _counters.GetOrAdd(provider, static _ => new Counter());
        var start = (int)((uint)Interlocked.Increment(ref counter.Value) % (uint)credentials.Count);
        DateTimeOffset? earliest = null;
        for (var i = 0; i < credentials.Count; i++)
        {
            var credential = credentials[(start + i) % credentials.Count];
            var until = state.CoolingUntil(credential.Id, model, now);
            if (until is null)
            {
                return new CredentialChoice(credential, null);
            }

            if (earliest is null || until < earliest)
            {
                earliest = until;
            }
        }

        return new CredentialChoice(null, earliest);
    }

    /// <summary>The provider's first credential, cooling or not (auxiliary calls that never affect health).</summary>
    public UpstreamCredential Any(string provider) => source.GetCredentials(provider)[0];

    private sealed class Counter
    {
        public int Value = -1;
    }
}
