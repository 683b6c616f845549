using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LlmGateway.Storage.Tables;

namespace LlmGateway.Usage;

/// <summary>
/// How usage is laid out in tables. Records: <c>{prefix}usage</c>, partition = UTC day (<c>yyyyMMdd</c>), row =
/// time ticks + record id (time order, idempotent rewrites). Daily aggregates: <c>{prefix}usagedaily</c>, partition =
/// day, row = <c>key|{client key}|{model asked}</c> or <c>credential|{credential id}|{model served}</c>, each part
/// percent-escaped. Model names come from callers (<c>provider/*</c> passes any through), so a part longer than
/// <see cref="MaxKeyPart"/> is cut and suffixed with a hash of the whole (<c>~</c> + 16 hex digits), keeping row
/// keys under the service's 1 KiB, and the records' model properties are cut to <see cref="MaxModelLength"/>.
/// </summary>
internal static class UsageTableEntities
{
    public const string RecordsTable = "usage";
    public const string DailyTable = "usagedaily";

    /// <summary>Longest escaped part of an aggregate row key kept whole.</summary>
    public const int MaxKeyPart = 200;

    /// <summary>Longest model name stored in a record (the service allows 32K characters per property).</summary>
    public const int MaxModelLength = 1024;

    private const int KeptPrefix = 48;

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
            ["ModelRequested"] = Cut(record.ModelRequested),
            ["Provider"] = record.Provider,
            ["CredentialId"] = record.CredentialId,
            ["ModelServed"] = record.ModelServed is { } served ? Cut(served) : null,
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

    private static string Escape(string value)
    {
        var escaped = Uri.EscapeDataString(value);
        if (escaped.Length <= MaxKeyPart)
        {
            return escaped;
        }

        // At most 48 characters (48 × 9 escaped) + '~' + 16: two parts and the prefix stay well under 1 KiB.
        var kept = Math.Min(KeptPrefix, value.Length);
        if (kept < value.Length && char.IsHighSurrogate(value[kept - 1]))
        {
            kept--;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..16];
        return Uri.EscapeDataString(value[..kept]) + "~" + hash;
    }

    private static string Cut(string value) =>
        value.Length <= MaxModelLength ? value : value[..(char.IsHighSurrogate(value[MaxModelLength - 1]) ? MaxModelLength - 1 : MaxModelLength)];
}
