using System.Collections.Concurrent;
using System.Collections.Frozen;
using Azure;
using Azure.Security.KeyVault.Secrets;
using LlmGateway.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LlmGateway.Credentials.KeyVault;

/// <summary>
/// Lists the vault's secret properties (one paged call, no values) and fetches the value only of an enabled, valid
/// gateway secret that is new or changed since it was last fetched; everything else comes from its cache. The
/// listing carries no version, so a change is seen in the secret's <c>updated</c> time (which a new version, a tag
/// or an attribute change moves); as a safety net a cached value is fetched again after <see cref="ValueMaxAge"/>.
/// </summary>
internal sealed partial class KeyVaultSecretsReader : IKeyVaultSecretsReader
{
    /// <summary>A cached value is fetched again after this long, whatever the listing says.</summary>
    internal static readonly TimeSpan ValueMaxAge = TimeSpan.FromHours(1);

    private const int MaxParallelFetches = 4;

    /// <summary>As for <c>Gateway:ClientKeys</c>: a shorter client key is not used.</summary>
    private const int MinimumClientKeyLength = 8;

    private readonly SecretClient _client;
    private readonly TimeProvider _time;
    private readonly ILogger<KeyVaultSecretsReader> _logger;
    private readonly FrozenDictionary<string, string> _providers;
    private readonly Dictionary<string, CachedSecret> _cache = new(StringComparer.OrdinalIgnoreCase);
    private HashSet<string> _noted = new(StringComparer.OrdinalIgnoreCase);

    public KeyVaultSecretsReader(SecretClient client, IOptions<GatewayOptions> options, TimeProvider time, ILogger<KeyVaultSecretsReader> logger)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _client = client;
        _time = time;
        _logger = logger;
        _providers = options.Value.Providers.Keys.ToFrozenDictionary(k => k, k => k, StringComparer.OrdinalIgnoreCase);
    }

    public async Task<KeyVaultSnapshot> ReadAsync(CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var noted = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var wanted = new List<(SecretProperties Listed, VaultSecretName Name)>();
        await foreach (var listed in _client.GetPropertiesOfSecretsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (Classify(listed, now, noted) is { } name)
            {
                wanted.Add((listed, name));
            }
        }

        var stale = wanted.Where(w => !_cache.TryGetValue(w.Listed.Name, out var cached) || cached.IsStaleFor(w.Listed, now)).ToArray();
        var fetched = new ConcurrentDictionary<string, CachedSecret?>(StringComparer.OrdinalIgnoreCase);
        await Parallel.ForEachAsync(
            stale,
            new ParallelOptions { MaxDegreeOfParallelism = MaxParallelFetches, CancellationToken = cancellationToken },
            async (w, ct) => fetched[w.Listed.Name] = await FetchAsync(w.Listed.Name, now, ct).ConfigureAwait(false)).ConfigureAwait(false);

        // The read is complete: only now does the cache change, so a failed read leaves it as it was.
        var wantedNames = wanted.Select(w => w.Listed.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var name in _cache.Keys.Where(n => !wantedNames.Contains(n)).ToArray())
        {
            _cache.Remove(name);
        }

        foreach (var (name, secret) in fetched)
        {
            if (secret is null)
            {
                _cache.Remove(name);
            }
            else
            {
                _cache[name] = secret;
            }
        }

        var snapshot = Build(wanted, now, noted);
        _noted = noted;
        return snapshot;
    }

    /// <summary>
    /// The name (with the provider as configured) of a listed secret the snapshot wants, or null; logs (once while
    /// it lasts) why a gateway secret is left out.
    /// </summary>
    private VaultSecretName? Classify(SecretProperties listed, DateTimeOffset now, HashSet<string> noted)
    {
        var name = VaultSecretName.Parse(listed.Name);
        switch (name.Kind)
        {
            case VaultSecretKind.Other:
                return null;
            case VaultSecretKind.Malformed:
                Note(noted, listed.Name, "malformed", () => LogMalformedName(_logger, listed.Name));
                return null;
            case VaultSecretKind.Upstream:
                if (!_providers.TryGetValue(name.Provider, out var configured))
                {
                    var provider = name.Provider;
                    Note(noted, listed.Name, "unknown-provider", () => LogUnknownProvider(_logger, listed.Name, provider));
                    return null;
                }

                name = name with { Provider = configured };
                break;
        }

        var skip = SkipReason(listed, now);
        if (skip is not null)
        {
            Note(noted, listed.Name, skip, () => LogSkipped(_logger, listed.Name, skip));
            return null;
        }

        return name;
    }

    private KeyVaultSnapshot Build(List<(SecretProperties Listed, VaultSecretName Name)> wanted, DateTimeOffset now, HashSet<string> noted)
    {
        var keys = new List<(string Provider, VaultKey Key)>();
        var clientKeys = new List<VaultClientKey>();
        string? managementKey = null;
        foreach (var (listed, name) in wanted)
        {
            if (!_cache.TryGetValue(listed.Name, out var cached))
            {
                continue; // deleted between the listing and the fetch
            }

            // The fetched version can be newer than the listing's; it has the final word.
            var skip = SkipReason(cached.Properties, now) ?? (cached.Value.Length == 0 ? "its value is empty" : null);
            if (skip is not null)
            {
                Note(noted, listed.Name, skip, () => LogSkipped(_logger, listed.Name, skip));
                continue;
            }

            if (name.Kind == VaultSecretKind.ManagementKey)
            {
                managementKey = cached.Value;
                continue;
            }

            if (name.Kind == VaultSecretKind.ClientKey)
            {
                if (cached.Value.Length < MinimumClientKeyLength)
                {
                    const string tooShort = "a client key must have at least 8 characters";
                    Note(noted, listed.Name, tooShort, () => LogSkipped(_logger, listed.Name, tooShort));
                }
                else
                {
                    clientKeys.Add(new VaultClientKey(name.Label, cached.Value));
                }

                continue;
            }

            var tags = VaultKeyTags.Parse(cached.Properties.Tags);
            if (tags.InvalidTags.Count > 0)
            {
                var invalid = string.Join(", ", tags.InvalidTags);
                Note(noted, listed.Name, "tags:" + invalid, () => LogInvalidTags(_logger, listed.Name, invalid));
            }

            keys.Add((name.Provider, new VaultKey(name.Label, cached.Value, tags.Priority, tags.Weight, tags.ExcludedModels, cached.Properties.Version)
            {
                Models = tags.Models,
                BaseUri = tags.BaseUri,
            }));
        }

        return new KeyVaultSnapshot(keys, managementKey, clientKeys);
    }

    private async Task<CachedSecret?> FetchAsync(string name, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _client.GetSecretAsync(name, version: null, cancellationToken).ConfigureAwait(false);
            var secret = response.Value;
            LogFetched(_logger, name, secret.Properties.Version);
            return new CachedSecret(secret.Properties, (secret.Value ?? "").Trim(), now);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFetchFailed(_logger, name, KeyVaultFailure.Describe(e));
            throw;
        }
    }

    private void Note(HashSet<string> noted, string secretName, string reason, Action log)
    {
        // Logged when it first happens, not on every refresh while it lasts.
        var key = secretName + "|" + reason;
        if (noted.Add(key) && !_noted.Contains(key))
        {
            log();
        }
    }

    private static string? SkipReason(SecretProperties properties, DateTimeOffset now) =>
        properties.Enabled == false ? "it is disabled"
        : VaultKeyTags.IsDisabledByTag(properties.Tags) ? "its enabled tag is false"
        : properties.ExpiresOn <= now ? "it has expired"
        : properties.NotBefore > now ? "it is not valid yet"
        : null;

    private sealed record CachedSecret(SecretProperties Properties, string Value, DateTimeOffset FetchedAt)
    {
        public bool IsStaleFor(SecretProperties listed, DateTimeOffset now) =>
            listed.UpdatedOn is null
            || listed.UpdatedOn != Properties.UpdatedOn
            || (listed.Version is not null && !string.Equals(listed.Version, Properties.Version, StringComparison.Ordinal))
            || now - FetchedAt >= ValueMaxAge;

        /// <summary>Never the value.</summary>
        public override string ToString() => $"{Properties.Name} version {Properties.Version}";
    }
}
