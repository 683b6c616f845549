using System.Buffers;
using System.Text.Json;
using LlmGateway.Json;

namespace LlmGateway.Protocols.Gemini;

/// <summary>A Gemini client's OpenAPI-style schema → JSON Schema for the canonical model.</summary>
internal static partial class GeminiSchema
{
    /// <summary>
    /// Gemini's <c>parameters</c>/<c>responseSchema</c> dialect (types in upper case as the SDKs send them,
    /// <c>nullable</c>) → JSON Schema, which other providers validate: types in lower case, <c>nullable: true</c> on a
    /// typed schema → <c>type: [t, "null"]</c>. Returns <paramref name="schema"/> itself when nothing changes (the
    /// usual case), otherwise a detached copy.
    /// </summary>
    public static JsonElement ToJsonSchema(JsonElement schema)
    {
        if (!NeedsRewrite(schema, 0))
        {
            return schema;
        }

        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, JsonDefaults.Writer))
        {
            Rewrite(writer, schema, 0);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    private static bool NeedsRewrite(JsonElement schema, int depth)
    {
        if (schema.ValueKind != JsonValueKind.Object || depth > MaxDepth)
        {
            return false;
        }

        foreach (var property in schema.EnumerateObject())
        {
            var value = property.Value;
            if (property.NameEquals("nullable"u8)
                || (property.NameEquals("type"u8) && value.ValueKind == JsonValueKind.String && HasUpper(value.GetString()!)))
            {
                return true;
            }

            if (IsSchemaMap(property) && value.ValueKind == JsonValueKind.Object)
            {
                foreach (var child in value.EnumerateObject())
                {
                    if (NeedsRewrite(child.Value, depth + 1))
                    {
                        return true;
                    }
                }
            }
            else if (property.NameEquals("items"u8) && NeedsRewrite(value, depth + 1))
            {
                return true;
            }
            else if (IsSchemaList(property) && value.ValueKind == JsonValueKind.Array)
            {
                foreach (var child in value.EnumerateArray())
                {
                    if (NeedsRewrite(child, depth + 1))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private static void Rewrite(Utf8JsonWriter writer, JsonElement schema, int depth)
    {
        if (schema.ValueKind != JsonValueKind.Object || depth > MaxDepth)
        {
            schema.WriteTo(writer);
            return;
        }

        var nullable = schema.TryGetProperty("nullable"u8, out var flag) && flag.ValueKind == JsonValueKind.True;
        writer.WriteStartObject();
        foreach (var property in schema.EnumerateObject())
        {
            var value = property.Value;
            if (property.NameEquals("nullable"u8))
            {
                continue;
            }

            writer.WritePropertyName(property.Name);
            if (property.NameEquals("type"u8) && value.ValueKind == JsonValueKind.String)
            {
                var type = value.GetString()!.ToLowerInvariant();
                if (nullable && type != "null")
                {
                    writer.WriteStartArray();
                    writer.WriteStringValue(type);
                    writer.WriteStringValue("null"u8);
                    writer.WriteEndArray();
                }
                else
                {
                    writer.WriteStringValue(type);
                }
            }
            else if (IsSchemaMap(property) && value.ValueKind == JsonValueKind.Object)
            {
                writer.WriteStartObject();
                foreach (var child in value.EnumerateObject())
                {
                    writer.WritePropertyName(child.Name);
                    Rewrite(writer, child.Value, depth + 1);
                }

                writer.WriteEndObject();
            }
            else if (property.NameEquals("items"u8))
            {
                Rewrite(writer, value, depth + 1);
            }
            else if (IsSchemaList(property) && value.ValueKind == JsonValueKind.Array)
            {
                writer.WriteStartArray();
                foreach (var child in value.EnumerateArray())
                {
                    Rewrite(writer, child, depth + 1);
                }

                writer.WriteEndArray();
            }
            else
            {
                value.WriteTo(writer);
            }
        }

        writer.WriteEndObject();
    }

    private static bool IsSchemaMap(JsonProperty property) =>
        property.NameEquals("properties"u8) || property.NameEquals("$defs"u8) || property.NameEquals("definitions"u8);

    private static bool IsSchemaList(JsonProperty property) =>
        property.NameEquals("anyOf"u8) || property.NameEquals("oneOf"u8) || property.NameEquals("allOf"u8);

    private static bool HasUpper(string value)
    {
        foreach (var c in value)
        {
            if (char.IsAsciiLetterUpper(c))
            {
                return true;
            }
        }

        return false;
    }
}
