using System.Text.Json.Serialization;
using LlmGateway.Credentials.KeyVault;

namespace LlmGateway.Hosting;

/// <summary>
/// The <c>keyVault</c> part of <c>GET /healthz</c> when a vault is configured: whether its secrets are loaded and
/// fresh, when it was last read, why the last read failed (HTTP status and error code only) and how many keys it
/// gave. Never a value, a secret name or the vault's address.
/// </summary>
internal sealed record KeyVaultHealth(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("lastReadAt")] DateTimeOffset? LastReadAt,
    [property: JsonPropertyName("loadedAt")] DateTimeOffset? LoadedAt,
    [property: JsonPropertyName("lastFailure")] string? LastFailure,
    [property: JsonPropertyName("lastFailureAt")] DateTimeOffset? LastFailureAt,
    [property: JsonPropertyName("upstreamKeys")] int UpstreamKeys,
    [property: JsonPropertyName("clientKeys")] int ClientKeys,
    [property: JsonPropertyName("managementKey")] bool ManagementKey)
{
    /// <summary>The last read succeeded recently: the keys in use are the vault's.</summary>
    public const string Ok = "ok";

    /// <summary>The last read failed, or none succeeded for <see cref="StaleAfterIntervals"/> intervals: the last good keys are in use.</summary>
    public const string Stale = "stale";

    /// <summary>No read has succeeded yet: no keys from the vault are in use.</summary>
    public const string NotLoaded = "not_loaded";

    /// <summary>Reads missed (at the refresh interval) before the keys count as stale even without a failure.</summary>
    public const int StaleAfterIntervals = 3;

    [JsonIgnore]
    public bool IsDegraded => Status != Ok;

    public static KeyVaultHealth Of(KeyVaultRefresher refresher, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(refresher);
        var snapshot = refresher.Current;
        var failure = refresher.LastFailureCode;
        var lastRead = refresher.LastSuccessAt;
        var status = !refresher.HasLoaded ? NotLoaded
            : failure is not null || lastRead is null || now - lastRead > refresher.Interval * StaleAfterIntervals ? Stale
            : Ok;
        return new KeyVaultHealth(
            status,
            lastRead,
            refresher.HasLoaded ? snapshot.LoadedAt : null,
            failure,
            failure is null ? null : refresher.LastFailureAt,
            snapshot.KeyCount,
            snapshot.ClientKeys.Count,
            snapshot.ManagementKey is not null);
    }
}
