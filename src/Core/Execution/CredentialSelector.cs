using System.Collections.Concurrent;
using LlmGateway.Configuration;
using LlmGateway.Credentials;
using LlmGateway.State;
using Microsoft.Extensions.Options;

namespace LlmGateway.Execution;

/// <summary>
/// Picks a provider's credential for a model: skips credentials that exclude the model (or allow only others), that
/// this request already tried, or that are cooling down; keeps to the best available priority tier; honours a
/// session's binding while its credential is available in that tier; and spreads the rest by the provider's
/// strategy (<c>round-robin</c>, <c>fill-first</c>, <c>weighted</c> — smooth weighted round-robin, exact over a
/// cycle). No allocation on the common path.
/// </summary>
internal sealed class CredentialSelector(
    ICredentialSource source,
    ICredentialStateStore state,
    SessionAffinity affinity,
    IOptions<GatewayOptions> options,
    TimeProvider timeProvider)
{
    public const string RoundRobin = "round-robin";
    public const string FillFirst = "fill-first";
    public const string Weighted = "weighted";

    private readonly ConcurrentDictionary<string, Pool> _pools = new(StringComparer.OrdinalIgnoreCase);
    private readonly GatewayOptions _options = options.Value;

    public CredentialChoice Select(string provider, string model, string? session = null, IReadOnlyCollection<string>? tried = null)
    {
        var credentials = source.GetCredentials(provider);
        if (credentials.Count == 0)
        {
            return default;
        }

        var now = timeProvider.GetUtcNow();
        DateTimeOffset? earliest = null;
        var bestTier = int.MaxValue;
        var inTier = 0;
        string? bound = session is null ? null : affinity.Find(provider, session);
        UpstreamCredential? boundCredential = null;
        for (var i = 0; i < credentials.Count; i++)
        {
            var credential = credentials[i];
            if (!Serves(credential, model))
            {
                continue;
            }

            // A key this request already tried still counts for the earliest retry time: it is cooling because of
            // this request, and the request may wait for it.
            if (state.CoolingUntil(credential.Id, model, now) is { } until)
            {
                earliest = earliest is null || until < earliest ? until : earliest;
                continue;
            }

            if (WasTried(credential, tried))
            {
                continue;
            }

            if (bound is not null && credential.Id == bound)
            {
                boundCredential = credential;
            }

            if (credential.Priority < bestTier)
            {
                bestTier = credential.Priority;
                inTier = 1;
            }
            else if (credential.Priority == bestTier)
            {
                inTier++;
            }
        }

        // The binding holds only within the best available tier: once a higher tier is back, the session moves up.
        if (boundCredential is not null && boundCredential.Priority == bestTier)
        {
            affinity.Bind(provider, session!, boundCredential.Id);
            return new CredentialChoice(boundCredential, null);
        }

        if (inTier == 0)
        {
            return new CredentialChoice(null, earliest);
        }

        var pool = _pools.GetOrAdd(provider, static (_, strategy) => new Pool(strategy), StrategyOf(provider));
        var chosen = pool.Strategy switch
        {
            FillFirst => Nth(credentials, model, tried, now, bestTier, 0),
            Weighted => pool.NextWeighted(this, credentials, model, tried, now, bestTier),
            _ => Nth(credentials, model, tried, now, bestTier, (int)((uint)Interlocked.Increment(ref pool.Counter) % (uint)inTier)),
        };
        if (session is not null)
        {
            affinity.Bind(provider, session, chosen.Id);
        }

        return new CredentialChoice(chosen, null);
    }

    /// <summary>
    /// When every credential that serves the model is cooling down, the time the first is usable again; null when
    /// one is usable now (or none serves it). Changes nothing: no rotation, no session binding.
    /// </summary>
    public DateTimeOffset? NextUsable(string provider, string model)
    {
        var now = timeProvider.GetUtcNow();
        var credentials = source.GetCredentials(provider);
        DateTimeOffset? earliest = null;
        for (var i = 0; i < credentials.Count; i++)
        {
            var credential = credentials[i];
            if (!Serves(credential, model))
            {
                continue;
            }

            if (state.CoolingUntil(credential.Id, model, now) is not { } until)
            {
                return null;
            }

            earliest = earliest is null || until < earliest ? until : earliest;
        }

        return earliest;
    }

    /// <summary>The provider's first credential, cooling or not (auxiliary calls that never affect health).</summary>
    public UpstreamCredential Any(string provider) => source.GetCredentials(provider)[0];

    /// <summary>Not excluded, and within the credential's allowed models when it lists any.</summary>
    private static bool Serves(UpstreamCredential credential, string model) => credential.Serves(model);

    private static bool WasTried(UpstreamCredential credential, IReadOnlyCollection<string>? tried) =>
        tried is { Count: > 0 } && tried.Contains(credential.Id);

    private bool Available(UpstreamCredential credential, string model, IReadOnlyCollection<string>? tried, DateTimeOffset now, int tier) =>
        credential.Priority == tier && Serves(credential, model) && !WasTried(credential, tried) && state.CoolingUntil(credential.Id, model, now) is null;

    private UpstreamCredential Nth(IReadOnlyList<UpstreamCredential> credentials, string model, IReadOnlyCollection<string>? tried, DateTimeOffset now, int tier, int n)
    {
        UpstreamCredential? first = null;
        for (var i = 0; i < credentials.Count; i++)
        {
            if (Available(credentials[i], model, tried, now, tier))
            {
                first ??= credentials[i];
                if (n-- == 0)
                {
                    return credentials[i];
                }
            }
        }

        // A cooldown landed between the two passes: any available one will do.
        return first ?? credentials[0];
    }

    private string StrategyOf(string provider) =>
        _options.Providers.TryGetValue(provider, out var options) ? options.Strategy.ToLowerInvariant() : RoundRobin;

    private sealed class Pool(string strategy)
    {
        private readonly Dictionary<string, long> _current = new(StringComparer.Ordinal);
        public int Counter = -1;

        public string Strategy { get; } = strategy;

        /// <summary>Smooth weighted round-robin over the available credentials of the tier.</summary>
        public UpstreamCredential NextWeighted(
            CredentialSelector selector, IReadOnlyList<UpstreamCredential> credentials, string model, IReadOnlyCollection<string>? tried, DateTimeOffset now, int tier)
        {
            lock (_current)
            {
                UpstreamCredential? best = null;
                long bestWeight = long.MinValue;
                long total = 0;
                for (var i = 0; i < credentials.Count; i++)
                {
                    var credential = credentials[i];
                    if (!selector.Available(credential, model, tried, now, tier))
                    {
                        continue;
                    }

                    var current = _current.GetValueOrDefault(credential.Id) + credential.Weight;
                    _current[credential.Id] = current;
                    total += credential.Weight;
                    if (current > bestWeight)
                    {
                        bestWeight = current;
                        best = credential;
                    }
                }

                best ??= credentials[0];
                _current[best.Id] = bestWeight - total;
                return best;
            }
        }
    }
}
