using System.Text.Json.Serialization;
using LlmGateway.Auth;

namespace LlmGateway.Management;

/// <summary>
/// A managed client key as the management API shows it: never its hash, and its value (<see cref="Key"/>) only in
/// the answer that created it.
/// </summary>
internal sealed record ClientKeyView
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>Present once: in the answer to <c>POST /v0/management/keys</c>.</summary>
    [JsonPropertyName("key")]
    public string? Key { get; init; }

    [JsonPropertyName("prefix")]
    public required string Prefix { get; init; }

    [JsonPropertyName("label")]
    public required string Label { get; init; }

    [JsonPropertyName("active")]
    public bool Active { get; init; }

    [JsonPropertyName("created")]
    public DateTimeOffset Created { get; init; }

    [JsonPropertyName("expires")]
    public DateTimeOffset? Expires { get; init; }

    [JsonPropertyName("revoked")]
    public DateTimeOffset? Revoked { get; init; }

    [JsonPropertyName("allowedModels")]
    public IReadOnlyList<string> AllowedModels { get; init; } = [];

    [JsonPropertyName("allowedEndpoints")]
    public IReadOnlyList<string> AllowedEndpoints { get; init; } = [];

    [JsonPropertyName("allowedIpRanges")]
    public IReadOnlyList<string> AllowedIpRanges { get; init; } = [];

    [JsonPropertyName("requestsPerMinute")]
    public int? RequestsPerMinute { get; init; }

    [JsonPropertyName("tokensPerDay")]
    public long? TokensPerDay { get; init; }

    public static ClientKeyView From(StoredClientKey key, DateTimeOffset now, string? secret = null) => new()
    {
        Id = key.Id,
        Key = secret,
        Prefix = key.Prefix,
        Label = key.Label,
        Active = key.IsActive(now),
        Created = key.Created,
        Expires = key.Expires,
        Revoked = key.Revoked,
        AllowedModels = key.AllowedModels,
        AllowedEndpoints = key.AllowedEndpoints,
        AllowedIpRanges = key.AllowedIpRanges,
        RequestsPerMinute = key.RequestsPerMinute,
        TokensPerDay = key.TokensPerDay,
    };
}
