using System.Runtime.InteropServices;
using System.Text.Json;

using LlmGateway.Protocols.Gemini;

namespace LlmGateway.Tests.Unit.Protocols.Gemini.Reference;

/// <summary>The keywords the sanitiser knows, and how it rewrites types, enums, formats, properties and required.</summary>
internal static partial class ReferenceGeminiSchema
{
    /// <summary>Every keyword read; those from <see cref="Minimum"/> to <see cref="PropertyOrdering"/> are copied as they are.</summary>
    private enum Keyword
    {
        None = -1,
        Type,
        Format,
        Title,
        Description,
        Enum,
        Const,
        Items,
        AnyOf,
        OneOf,
        Nullable,
        Minimum,
        Maximum,
        MinItems,
        MaxItems,
        MinLength,
        MaxLength,
        MinProperties,
        MaxProperties,
        Pattern,
        Example,
        PropertyOrdering,
        Count,

        // Read for their effect, not kept in a slot.
        Ref,
        AllOf,
        Properties,
        Required,
    }

    private static readonly byte[][] Names =
    [
        "type"u8.ToArray(), "format"u8.ToArray(), "title"u8.ToArray(), "description"u8.ToArray(), "enum"u8.ToArray(),
        "const"u8.ToArray(), "items"u8.ToArray(), "anyOf"u8.ToArray(), "oneOf"u8.ToArray(), "nullable"u8.ToArray(),
        "minimum"u8.ToArray(), "maximum"u8.ToArray(), "minItems"u8.ToArray(), "maxItems"u8.ToArray(), "minLength"u8.ToArray(),
        "maxLength"u8.ToArray(), "minProperties"u8.ToArray(), "maxProperties"u8.ToArray(), "pattern"u8.ToArray(),
        "example"u8.ToArray(), "propertyOrdering"u8.ToArray(),
    ];

    /// <summary>The keyword a member names, by its raw UTF-8 name (length first, then bytes); <see cref="Keyword.None"/> for the rest.</summary>
    private static Keyword KeywordOf(JsonProperty property) => KeywordOf(JsonMarshal.GetRawUtf8PropertyName(property));

    /// <summary>The keyword a raw (still escaped) UTF-8 member name names; an escaped name names none.</summary>
    private static Keyword KeywordOf(ReadOnlySpan<byte> name) =>
        name.Length switch
        {
            4 => name.SequenceEqual("type"u8) ? Keyword.Type : name.SequenceEqual("enum"u8) ? Keyword.Enum : name.SequenceEqual("$ref"u8) ? Keyword.Ref : Keyword.None,
            5 => name.SequenceEqual("items"u8) ? Keyword.Items : name.SequenceEqual("title"u8) ? Keyword.Title
                : name.SequenceEqual("anyOf"u8) ? Keyword.AnyOf : name.SequenceEqual("oneOf"u8) ? Keyword.OneOf
                : name.SequenceEqual("allOf"u8) ? Keyword.AllOf : name.SequenceEqual("const"u8) ? Keyword.Const : Keyword.None,
            6 => name.SequenceEqual("format"u8) ? Keyword.Format : Keyword.None,
            7 => name.SequenceEqual("minimum"u8) ? Keyword.Minimum : name.SequenceEqual("maximum"u8) ? Keyword.Maximum
                : name.SequenceEqual("pattern"u8) ? Keyword.Pattern : name.SequenceEqual("example"u8) ? Keyword.Example : Keyword.None,
            8 => name.SequenceEqual("required"u8) ? Keyword.Required : name.SequenceEqual("nullable"u8) ? Keyword.Nullable
                : name.SequenceEqual("minItems"u8) ? Keyword.MinItems : name.SequenceEqual("maxItems"u8) ? Keyword.MaxItems : Keyword.None,
            9 => name.SequenceEqual("minLength"u8) ? Keyword.MinLength : name.SequenceEqual("maxLength"u8) ? Keyword.MaxLength : Keyword.None,
            10 => name.SequenceEqual("properties"u8) ? Keyword.Properties : Keyword.None,
            11 => name.SequenceEqual("description"u8) ? Keyword.Description : Keyword.None,
            13 => name.SequenceEqual("minProperties"u8) ? Keyword.MinProperties : name.SequenceEqual("maxProperties"u8) ? Keyword.MaxProperties : Keyword.None,
            16 => name.SequenceEqual("propertyOrdering"u8) ? Keyword.PropertyOrdering : Keyword.None,
            _ => Keyword.None,
        };

    private static void ReadTypes(JsonElement typeElement, ref string? type, ref List<string>? types, ref bool nullable)
    {
        if (typeElement.ValueKind == JsonValueKind.String)
        {
            type = TypeName(typeElement);
            return;
        }

        if (typeElement.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var item in typeElement.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                continue;
            }

            var name = TypeName(item);
            if (name == "null")
            {
                nullable = true;
            }
            else
            {
                (types ??= []).Add(name);
            }
        }

        if (types is { Count: 1 })
        {
            type = types[0];
            types = null;
        }
        else if (types is null && nullable)
        {
            type = "null";
            nullable = false;
        }
    }

    /// <summary>A type name in lower case, without allocating for the usual ones.</summary>
    private static string TypeName(JsonElement type) =>
        type.ValueEquals("object"u8) ? "object"
        : type.ValueEquals("string"u8) ? "string"
        : type.ValueEquals("array"u8) ? "array"
        : type.ValueEquals("integer"u8) ? "integer"
        : type.ValueEquals("number"u8) ? "number"
        : type.ValueEquals("boolean"u8) ? "boolean"
        : type.ValueEquals("null"u8) ? "null"
        : type.GetString()!.ToLowerInvariant();

    /// <summary>String values of <c>enum</c> (or <c>const</c>); null when absent or when a value is not a string.</summary>
    private static List<JsonElement>? EnumValues(Node node, ref bool nullable)
    {
        List<JsonElement>? values = null;
        var enumElement = node.Get(Keyword.Enum);
        if (enumElement.ValueKind == JsonValueKind.Array)
        {
            foreach (var value in enumElement.EnumerateArray())
            {
                if (value.ValueKind == JsonValueKind.Null)
                {
                    nullable = true;
                }
                else if (value.ValueKind == JsonValueKind.String)
                {
                    (values ??= []).Add(value);
                }
                else
                {
                    return null;
                }
            }

            return values;
        }

        var constant = node.Get(Keyword.Const);
        if (constant.ValueKind == JsonValueKind.String)
        {
            values = [constant];
        }

        return values;
    }

    private static bool FormatAllowed(string? type, JsonElement format) => type switch
    {
        "string" => format.ValueEquals("enum"u8) || format.ValueEquals("date-time"u8),
        "number" => format.ValueEquals("float"u8) || format.ValueEquals("double"u8),
        "integer" => format.ValueEquals("int32"u8) || format.ValueEquals("int64"u8),
        _ => false,
    };

    /// <summary><c>properties</c> of every source (the first definition of a name wins), then <c>required</c> among them.</summary>
    private static void WriteProperties(Utf8JsonWriter writer, Node node, Context context, int depth)
    {
        JsonElement single = default;
        var count = 0;
        foreach (var source in node.Sources)
        {
            if (source.TryGetProperty("properties"u8, out var properties) && properties.ValueKind == JsonValueKind.Object)
            {
                single = properties;
                count++;
            }
        }

        writer.WriteStartObject("properties"u8);
        if (count == 1)
        {
            // The usual case: names are unique already, and written from the raw UTF-8 without a string each.
            foreach (var property in single.EnumerateObject())
            {
                var raw = JsonMarshal.GetRawUtf8PropertyName(property);
                if (raw.IndexOf((byte)'\\') < 0)
                {
                    writer.WritePropertyName(raw);
                }
                else
                {
                    writer.WritePropertyName(property.Name);
                }

                WriteNode(writer, property.Value, context, depth + 1);
            }
        }
        else
        {
            var seen = context.Names(depth);
            foreach (var source in node.Sources)
            {
                if (!source.TryGetProperty("properties"u8, out var properties) || properties.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                foreach (var property in properties.EnumerateObject())
                {
                    if (seen.Add(property.Name))
                    {
                        writer.WritePropertyName(property.Name);
                        WriteNode(writer, property.Value, context, depth + 1);
                    }
                }
            }
        }

        writer.WriteEndObject();
        if (node.HasRequired)
        {
            WriteRequired(writer, node, context.Names(depth));
        }
    }

    /// <summary><c>required</c> of every source, each name once and only names some source declares in <c>properties</c>.</summary>
    private static void WriteRequired(Utf8JsonWriter writer, Node node, HashSet<string> written)
    {
        var started = false;
        foreach (var source in node.Sources)
        {
            if (!source.TryGetProperty("required"u8, out var required) || required.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            foreach (var item in required.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String || item.GetString() is not { } name || !IsDeclared(node, name) || !written.Add(name))
                {
                    continue;
                }

                if (!started)
                {
                    writer.WriteStartArray("required"u8);
                    started = true;
                }

                writer.WriteStringValue(name);
            }
        }

        if (started)
        {
            writer.WriteEndArray();
        }
    }

    private static bool IsDeclared(Node node, string name)
    {
        foreach (var source in node.Sources)
        {
            if (source.TryGetProperty("properties"u8, out var properties) && properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(name, out _))
            {
                return true;
            }
        }

        return false;
    }

    private static int CountNonNull(JsonElement branches)
    {
        var count = 0;
        foreach (var branch in branches.EnumerateArray())
        {
            count += IsNullSchema(branch) ? 0 : 1;
        }

        return count;
    }

    /// <summary><c>{"type":"null"}</c>, perhaps with a description: a branch that only says "or null".</summary>
    private static bool IsNullSchema(JsonElement branch) =>
        branch.ValueKind == JsonValueKind.Object
        && branch.TryGetProperty("type"u8, out var type)
        && type.ValueKind == JsonValueKind.String
        && type.ValueEquals("null"u8)
        && !branch.TryGetProperty("properties"u8, out _);
}
