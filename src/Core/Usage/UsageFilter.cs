namespace LlmGateway.Usage;

/// <summary>
/// Which usage records a read returns: time in [<see cref="From"/>, <see cref="To"/>) and, when set, one client key,
/// one model (asked for or served), one endpoint and a status range. Unset parts match everything.
/// </summary>
internal sealed record UsageFilter
{
    public static readonly UsageFilter All = new();

    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    public string? ClientKey { get; init; }

    /// <summary>Matches the model the client asked for or the upstream model that served it.</summary>
    public string? Model { get; init; }

    public string? Endpoint { get; init; }

    public int? StatusMin { get; init; }

    public int? StatusMax { get; init; }

    public bool Matches(UsageRecord record) =>
        (From is not { } from || record.Time >= from)
        && (To is not { } to || record.Time < to)
        && (ClientKey is null || string.Equals(record.ClientKey, ClientKey, StringComparison.Ordinal))
        && (Model is null || string.Equals(record.ModelRequested, Model, StringComparison.Ordinal) || string.Equals(record.ModelServed, Model, StringComparison.Ordinal))
        && (Endpoint is null || string.Equals(record.Endpoint, Endpoint, StringComparison.Ordinal))
        && (StatusMin is not { } min || record.Status >= min)
        && (StatusMax is not { } max || record.Status <= max);
}
