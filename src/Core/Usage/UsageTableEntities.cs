using System.Globalization;
using LlmGateway.Storage.Tables;

namespace LlmGateway.Usage;

/// <summary>
/// How usage is laid out in tables. Records: <c>{prefix}usage</c>, partition = UTC day (<c>yyyyMMdd</c>), row =
/// time ticks + record id (time order, idempotent rewrites). Daily aggregates: <c>{prefix}usagedaily</c>, partition =
/// day, row = <c>key|{client key}|{model asked}</c> or <c>credential|{credential id}|{model served}</c>.
/// </summary>
internal static class UsageTableEntities
{
    public const string RecordsTable = "usage";
    public const string DailyTable = "usagedaily";

    public static string Day(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    public static string RowKey(UsageRecord record) =>
        string.Create(CultureInfo.InvariantCulture, $"{record.Time.UtcTicks:D19}-{record.Id:N}");

    public static string KeyRow(UsageRecord record) => "key|" + Escape(record.ClientKey) + "|" + Escape(record.ModelRequested);

    public static string CredentialRow(UsageRecord record) =>
        "credential|" + Escape(record.CredentialId ?? "none") + "|" + Escape(record.ModelServed ?? record.ModelRequested);

    public static TableEntity ToEntity(UsageRecord record)
    {
        var entity = new TableEntity(Day(record.Time), RowKey(record))
        {
            ["Id"] = record.Id,
            ["Time"] = record.Time,
            ["ClientKey"] = record.ClientKey,
            ["Endpoint"] = record.Endpoint,
            ["ModelRequested"] = record.ModelRequested,
            ["Provider"] = record.Provider,
            ["CredentialId"] = record.CredentialId,
            ["ModelServed"] = record.ModelServed,
            ["Status"] = record.Status,
            ["Stream"] = record.Stream,
            ["Attempts"] = record.Attempts,
            ["InputTokens"] = record.Tokens.Input,
            ["OutputTokens"] = record.Tokens.Output,
            ["CachedTokens"] = record.Tokens.Cached,
            ["ReasoningTokens"] = record.Tokens.Reasoning,
            ["CacheWriteTokens"] = record.Tokens.CacheWrite,
            ["LatencyMs"] = record.LatencyMs,
            ["TimeToFirstTokenMs"] = record.TimeToFirstTokenMs,
            ["ErrorClass"] = record.ErrorClass,
        };
        return entity;
    }

    public static UsageRecord FromEntity(TableEntity entity) => new()
    {
        Id = entity.GetGuid("Id") ?? Guid.Empty,
        Time = entity.GetDateTimeOffset("Time") ?? default,
        ClientKey = entity.GetString("ClientKey") ?? "",
        Endpoint = entity.GetString("Endpoint") ?? "",
        ModelRequested = entity.GetString("ModelRequested") ?? "",
        Provider = entity.GetString("Provider"),
        CredentialId = entity.GetString("CredentialId"),
        ModelServed = entity.GetString("ModelServed"),
        Status = entity.GetInt32("Status") ?? 0,
        Stream = entity.GetBoolean("Stream") ?? false,
        Attempts = entity.GetInt32("Attempts") ?? 0,
        Tokens = new TokenUsage(
            entity.GetInt64("InputTokens") ?? 0,
            entity.GetInt64("OutputTokens") ?? 0,
            entity.GetInt64("CachedTokens") ?? 0,
            entity.GetInt64("ReasoningTokens") ?? 0,
            entity.GetInt64("CacheWriteTokens") ?? 0),
        LatencyMs = entity.GetDouble("LatencyMs") ?? 0,
        TimeToFirstTokenMs = entity.GetDouble("TimeToFirstTokenMs"),
        ErrorClass = entity.GetString("ErrorClass"),
    };

    private static string Escape(string value) => Uri.EscapeDataString(value);
}
