using System.Net;
using System.Security.Cryptography;
using System.Text;
using LlmGateway.Configuration;
using LlmGateway.Credentials.KeyVault;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace LlmGateway.Auth;

/// <summary>
/// Checks the caller's key from <c>Authorization: Bearer</c>, <c>x-api-key</c>, <c>x-goog-api-key</c> or
/// <c>?key=</c>. Keys are compared as SHA-256 digests in constant time, against every configured key and every
/// <c>client-key--{name}</c> secret of the current Key Vault snapshot (digests made once per snapshot).
/// </summary>
internal sealed class ClientKeyAuthenticator
{
    private readonly (string Name, byte[] Digest)[] _keys;
    private readonly bool _allowAnonymous;
    private readonly IClientKeyStore _store;
    private readonly TimeProvider _timeProvider;
    private readonly ConfiguredKeyVault _vault;
    private volatile VaultDigests _vaultDigests = VaultDigests.None;

    public ClientKeyAuthenticator(IOptions<GatewayOptions> options, IClientKeyStore store, TimeProvider timeProvider, ConfiguredKeyVault? vault = null)
    {
        _allowAnonymous = options.Value.AllowAnonymous;
        _keys = options.Value.ClientKeys.Select(k => (k.Name, Digest(k.Key))).ToArray();
        _store = store;
        _timeProvider = timeProvider;
        _vault = vault ?? ConfiguredKeyVault.None;
    }

    /// <summary>The caller, or null when the request must be refused with 401.</summary>
    public ClientIdentity? Authenticate(HttpRequest request)
    {
        var presented = ExtractKey(request);
        ClientIdentity? match = null;
        if (!string.IsNullOrEmpty(presented))
        {
            Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
            Span<byte> utf8 = presented.Length <= 256 ? stackalloc byte[presented.Length * 3] : new byte[presented.Length * 3];
            var length = Encoding.UTF8.GetBytes(presented, utf8);
            SHA256.HashData(utf8[..length], digest);
            foreach (var (name, expected) in _keys)
            {
                // No early exit: every key is compared whatever matched before.
                if (CryptographicOperations.FixedTimeEquals(digest, expected))
                {
                    match = new ClientIdentity(name);
                }
            }

            foreach (var (name, expected) in CurrentVaultDigests())
            {
                if (CryptographicOperations.FixedTimeEquals(digest, expected))
                {
                    match ??= new ClientIdentity(name);
                }
            }

            // Managed keys: looked up by their digest (a hash of a secret; the lookup's timing reveals nothing about it).
            if (match is null && _store.Find(Convert.ToHexStringLower(digest)) is { } stored && stored.IsActive(_timeProvider.GetUtcNow()))
            {
                match = new ClientIdentity(stored.Id) { AllowedModels = stored.AllowedModels, Denial = Deny(stored, request) };
            }
        }

        return match ?? (_allowAnonymous ? ClientIdentity.Anonymous : null);
    }

    /// <summary>Why a managed key may not make this request, or null.</summary>
    private static string? Deny(StoredClientKey key, HttpRequest request)
    {
        if (key.AllowedEndpoints.Count > 0
            && !key.AllowedEndpoints.Any(e => request.Path.StartsWithSegments(e.StartsWith('/') ? e : "/" + e, StringComparison.OrdinalIgnoreCase)))
        {
            return $"This key may not call {request.Path}; it is limited to: {string.Join(", ", key.AllowedEndpoints)}.";
        }

        if (key.AllowedIpRanges.Count > 0)
        {
            var address = request.HttpContext.Connection.RemoteIpAddress;
            if (address is null || !key.AllowedIpRanges.Any(range => InRange(address, range)))
            {
                return "This key may not be used from your network address.";
            }
        }

        return null;
    }

    internal static bool InRange(IPAddress address, string range)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPNetwork.TryParse(range, out var network))
        {
            return network.Contains(address);
        }

        return IPAddress.TryParse(range, out var single) && single.Equals(address);
    }

    internal static string? ExtractKey(HttpRequest request)
    {
        var headers = request.Headers;
        var authorization = headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }

        var value = headers["x-api-key"].ToString();
        if (value.Length > 0)
        {
            return value;
        }

        value = headers["x-goog-api-key"].ToString();
        if (value.Length > 0)
        {
            return value;
        }

        value = request.Query["key"].ToString();
        return value.Length > 0 ? value : null;
    }

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>The vault's client keys as digests, remade only when the refresher publishes a new snapshot.</summary>
    private (string Name, byte[] Digest)[] CurrentVaultDigests()
    {
        var snapshot = _vault.Current;
        var cached = _vaultDigests;
        if (snapshot is null || ReferenceEquals(cached.Snapshot, snapshot))
        {
            return cached.Keys;
        }

        cached = new VaultDigests(snapshot, [.. snapshot.ClientKeys.Select(k => (k.Name, Digest(k.Key)))]);
        _vaultDigests = cached;
        return cached.Keys;
    }

    private sealed record VaultDigests(KeyVaultSnapshot? Snapshot, (string Name, byte[] Digest)[] Keys)
    {
        public static readonly VaultDigests None = new(null, []);
    }
}
