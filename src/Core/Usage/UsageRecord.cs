namespace LlmGateway.Usage;

/// <summary>What one request cost and how it went. Holds ids, never secrets or content.</summary>
internal sealed record UsageRecord
{
    /// <summary>Unique per request; makes writes and imports idempotent.</summary>
    public Guid Id { get; init; } = Guid.NewGuid();

    public required DateTimeOffset Time { get; init; }

    public required string ClientKey { get; init; }

    public required string Endpoint { get; init; }

    public required string ModelRequested { get; init; }

    public string? Provider { get; init; }

    public string? CredentialId { get; init; }

    public string? ModelServed { get; init; }

    public required int Status { get; init; }

    public bool Stream { get; init; }

    /// <summary>Upstream attempts made (credentials and fallback targets tried); 1 when the first one answered.</summary>
    public int Attempts { get; init; }

    public TokenUsage Tokens { get; init; }

    public double LatencyMs { get; init; }

    public double? TimeToFirstTokenMs { get; init; }

    /// <summary>Null on success; otherwise a short class such as <c>upstream_429</c> or <c>client_disconnected</c>.</summary>
    public string? ErrorClass { get; init; }
}
