namespace LlmGateway.Auth;

/// <summary>
/// A client key created through the management API. Only its SHA-256 <see cref="Hash"/> is stored; <see cref="Prefix"/>
/// (the first characters) lets people recognise it. Empty allow-lists mean no restriction.
/// </summary>
internal sealed record StoredClientKey
{
    public required string Id { get; init; }

    /// <summary>Lower-case hex SHA-256 of the key's UTF-8 bytes.</summary>
    public required string Hash { get; init; }

    public required string Prefix { get; init; }

    public string Label { get; init; } = "";

    public DateTimeOffset Created { get; init; }

    public DateTimeOffset? Expires { get; init; }

    public DateTimeOffset? Revoked { get; init; }

    public IReadOnlyList<string> AllowedModels { get; init; } = [];

    public IReadOnlyList<string> AllowedEndpoints { get; init; } = [];

    /// <summary>CIDR ranges (<c>10.0.0.0/8</c>, <c>2001:db8::/32</c>) or single addresses.</summary>
    public IReadOnlyList<string> AllowedIpRanges { get; init; } = [];

    /// <summary>Placeholder for a later rate-limit issue: stored and shown, not enforced yet.</summary>
    public int? RequestsPerMinute { get; init; }

    /// <summary>Placeholder for a later budget issue: stored and shown, not enforced yet.</summary>
    public long? TokensPerDay { get; init; }

    public bool IsActive(DateTimeOffset now) => Revoked is null && (Expires is null || Expires > now);
}
