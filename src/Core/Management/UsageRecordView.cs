using System.Text.Json.Serialization;
using LlmGateway.Usage;

namespace LlmGateway.Management;

/// <summary>
/// A usage record on the wire (history, export, import). Export writes every field, so importing an export
/// reproduces the records exactly.
/// </summary>
internal sealed record UsageRecordView
{
    [JsonPropertyName("id")]
    public Guid? Id { get; init; }

    [JsonPropertyName("time")]
    public DateTimeOffset? Time { get; init; }

    [JsonPropertyName("key")]
    public string? Key { get; init; }

    [JsonPropertyName("endpoint")]
    public string? Endpoint { get; init; }

    [JsonPropertyName("model")]
    public string? Model { get; init; }

    [JsonPropertyName("provider")]
    public string? Provider { get; init; }

    [JsonPropertyName("credential")]
    public string? Credential { get; init; }

    [JsonPropertyName("modelServed")]
    public string? ModelServed { get; init; }

    [JsonPropertyName("status")]
    public int? Status { get; init; }

    [JsonPropertyName("stream")]
    public bool Stream { get; init; }

    [JsonPropertyName("attempts")]
    public int Attempts { get; init; }

    [JsonPropertyName("inputTokens")]
    public long InputTokens { get; init; }

    [JsonPropertyName("outputTokens")]
    public long OutputTokens { get; init; }

    [JsonPropertyName("cachedTokens")]
    public long CachedTokens { get; init; }

    [JsonPropertyName("reasoningTokens")]
    public long ReasoningTokens { get; init; }

    [JsonPropertyName("cacheWriteTokens")]
    public long CacheWriteTokens { get; init; }

    [JsonPropertyName("latencyMs")]
    public double LatencyMs { get; init; }

    [JsonPropertyName("timeToFirstTokenMs")]
    public double? TimeToFirstTokenMs { get; init; }

    [JsonPropertyName("errorClass")]
    public string? ErrorClass { get; init; }

    public static UsageRecordView From(UsageRecord record) => new()
    {
        Id = record.Id,
        Time = record.Time,
        Key = record.ClientKey,
        Endpoint = record.Endpoint,
        Model = record.ModelRequested,
        Provider = record.Provider,
        Credential = record.CredentialId,
        ModelServed = record.ModelServed,
        Status = record.Status,
        Stream = record.Stream,
        Attempts = record.Attempts,
        InputTokens = record.Tokens.Input,
        OutputTokens = record.Tokens.Output,
        CachedTokens = record.Tokens.Cached,
        ReasoningTokens = record.Tokens.Reasoning,
        CacheWriteTokens = record.Tokens.CacheWrite,
        LatencyMs = record.LatencyMs,
        TimeToFirstTokenMs = record.TimeToFirstTokenMs,
        ErrorClass = record.ErrorClass,
    };

    /// <summary>The record, or the name of the first required field that is missing or invalid.</summary>
    public (UsageRecord? Record, string? Missing) ToRecord()
    {
        var missing = Id is not { } id || id == Guid.Empty ? "id"
            : Time is null ? "time"
            : string.IsNullOrEmpty(Key) ? "key"
            : string.IsNullOrEmpty(Endpoint) ? "endpoint"
            : string.IsNullOrEmpty(Model) ? "model"
            : Status is null ? "status"
            : null;
        if (missing is not null)
        {
            return (null, missing);
        }

        return (new UsageRecord
        {
            Id = Id!.Value,
            Time = Time!.Value,
            ClientKey = Key!,
            Endpoint = Endpoint!,
            ModelRequested = Model!,
            Provider = Provider,
            CredentialId = Credential,
            ModelServed = ModelServed,
            Status = Status!.Value,
            Stream = Stream,
            Attempts = Attempts,
            Tokens = new TokenUsage(InputTokens, OutputTokens, CachedTokens, ReasoningTokens, CacheWriteTokens),
            LatencyMs = LatencyMs,
            TimeToFirstTokenMs = TimeToFirstTokenMs,
            ErrorClass = ErrorClass,
        }, null);
    }
}
