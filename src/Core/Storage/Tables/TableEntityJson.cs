using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Azure;
using LlmGateway.Json;

namespace LlmGateway.Storage.Tables;

/// <summary>
/// An entity in the Table service's JSON: written with an <c>@odata.type</c> annotation beside every value whose
/// type JSON cannot carry (Int64, Double, DateTime, Guid, Binary), read from <c>odata=minimalmetadata</c> answers,
/// which annotate the same types. The property bag is dynamic, so this uses the reader and writer directly.
/// </summary>
internal static class TableEntityJson
{
    private const string TypeSuffix = "@odata.type";
    private const string DateTimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static byte[] Serialize(TableEntity entity)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, JsonDefaults.Writer))
        {
            Write(writer, entity);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static void Write(Utf8JsonWriter writer, TableEntity entity)
    {
        writer.WriteStartObject();
        writer.WriteString("PartitionKey", entity.PartitionKey);
        writer.WriteString("RowKey", entity.RowKey);
        foreach (var (name, value) in entity.Properties)
        {
            switch (value)
            {
                case string s:
                    writer.WriteString(name, s);
                    break;
                case bool b:
                    writer.WriteBoolean(name, b);
                    break;
                case int i:
                    writer.WriteNumber(name, i);
                    break;
                case long l:
                    writer.WriteString(name + TypeSuffix, "Edm.Int64");
                    writer.WriteString(name, l.ToString(CultureInfo.InvariantCulture));
                    break;
                case double d:
                    writer.WriteString(name + TypeSuffix, "Edm.Double");
                    if (double.IsFinite(d))
                    {
                        writer.WriteNumber(name, d);
                    }
                    else
                    {
                        writer.WriteString(name, double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
                    }

                    break;
                case DateTimeOffset t:
                    writer.WriteString(name + TypeSuffix, "Edm.DateTime");
                    writer.WriteString(name, FormatDateTime(t));
                    break;
                case Guid g:
                    writer.WriteString(name + TypeSuffix, "Edm.Guid");
                    writer.WriteString(name, g.ToString("D"));
                    break;
                case byte[] bytes:
                    writer.WriteString(name + TypeSuffix, "Edm.Binary");
                    writer.WriteBase64String(name, bytes);
                    break;
                default:
                    throw new InvalidOperationException($"Property '{name}' has unsupported type {value.GetType().Name}.");
            }
        }

        writer.WriteEndObject();
    }

    /// <summary>The UTC form the service stores, to 100 ns: <c>2025-01-01T12:00:00.0000000Z</c>.</summary>
    public static string FormatDateTime(DateTimeOffset value) => value.UtcDateTime.ToString(DateTimeFormat, CultureInfo.InvariantCulture);

    /// <summary>Reads one entity object of an answer; throws <see cref="JsonException"/> when it has no keys.</summary>
    public static TableEntity Read(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("A table entity must be a JSON object.");
        }

        var partitionKey = element.TryGetProperty("PartitionKey", out var pk) && pk.ValueKind == JsonValueKind.String ? pk.GetString()! : throw new JsonException("The entity has no PartitionKey.");
        var rowKey = element.TryGetProperty("RowKey", out var rk) && rk.ValueKind == JsonValueKind.String ? rk.GetString()! : throw new JsonException("The entity has no RowKey.");
        var entity = TableEntity.FromService(partitionKey, rowKey);

        Dictionary<string, string>? types = null;
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name.EndsWith(TypeSuffix, StringComparison.Ordinal) && property.Value.ValueKind == JsonValueKind.String)
            {
                types ??= new Dictionary<string, string>(StringComparer.Ordinal);
                types[property.Name[..^TypeSuffix.Length]] = property.Value.GetString()!;
            }
        }

        foreach (var property in element.EnumerateObject())
        {
            var name = property.Name;
            if (name is "PartitionKey" or "RowKey" || name.Contains('@', StringComparison.Ordinal))
            {
                continue;
            }

            if (name.StartsWith("odata.", StringComparison.Ordinal))
            {
                if (name == "odata.etag" && property.Value.ValueKind == JsonValueKind.String)
                {
                    entity.ETag = new ETag(property.Value.GetString()!);
                }

                continue;
            }

            if (name == "Timestamp")
            {
                entity.Timestamp = property.Value.ValueKind == JsonValueKind.String ? ParseDateTime(property.Value.GetString()!) : null;
                continue;
            }

            var value = ReadValue(property.Value, types?.GetValueOrDefault(name));
            if (value is not null)
            {
                entity.SetRead(name, value);
            }
        }

        return entity;
    }

    private static object? ReadValue(JsonElement value, string? edmType)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Null or JsonValueKind.Undefined:
                return null;
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.Number:
                // Each arm boxed on its own: a switch over int, long and double would widen them all to double.
                return edmType switch
                {
                    "Edm.Double" => (object)value.GetDouble(),
                    "Edm.Int64" => (object)value.GetInt64(),
                    _ when value.TryGetInt32(out var i) => (object)i,
                    _ when edmType is null && value.TryGetInt64(out var l) => (object)l,
                    _ => (object)value.GetDouble(),
                };
            case JsonValueKind.String:
                var text = value.GetString()!;
                return edmType switch
                {
                    "Edm.Int64" => (object)long.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture),
                    "Edm.Int32" => (object)int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture),
                    "Edm.Double" => (object)(text switch
                    {
                        "NaN" => double.NaN,
                        "Infinity" or "INF" => double.PositiveInfinity,
                        "-Infinity" or "-INF" => double.NegativeInfinity,
                        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
                    }),
                    "Edm.DateTime" => ParseDateTime(text),
                    "Edm.Guid" => Guid.Parse(text, CultureInfo.InvariantCulture),
                    "Edm.Binary" => Convert.FromBase64String(text),
                    "Edm.Boolean" => bool.Parse(text),
                    _ => text,
                };
            default:
                // Objects and arrays are not table values; keep the text rather than lose it.
                return value.GetRawText();
        }
    }

    private static DateTimeOffset ParseDateTime(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
