using System.Text;
using System.Text.Json;

namespace LlmGateway.Protocols.Gemini;

/// <summary>Types, enums, formats, properties and required over a <see cref="Tape"/>, as the element sanitiser rewrites them.</summary>
internal static partial class GeminiSchema
{
    /// <summary>
    /// The type <c>type</c> names: a string's in lower case; an array's only non-null name, or <c>"null"</c> when it
    /// names only null and nothing else made the schema nullable (null names → nullable). Null with
    /// <paramref name="several"/> when the array names more than one type, for <see cref="WriteTypes"/>.
    /// </summary>
    private static string? ReadType(in Tape tape, int value, out bool several, ref bool nullable)
    {
        several = false;
        if (tape.Type(value) == JsonTokenType.String)
        {
            return TypeName(tape, value);
        }

        if (tape.Type(value) != JsonTokenType.StartArray)
        {
            return null;
        }

        string? first = null;
        var count = 0;
        for (var item = value + 1; tape.Type(item) != JsonTokenType.EndArray; item = tape.Next(item))
        {
            if (tape.Type(item) != JsonTokenType.String)
            {
                continue;
            }

            var name = TypeName(tape, item);
            if (name == "null")
            {
                nullable = true;
            }
            else
            {
                first ??= name;
                count++;
            }
        }

        if (count == 1)
        {
            return first;
        }

        if (count == 0 && nullable)
        {
            nullable = false;
            return "null";
        }

        several = count > 1;
        return null;
    }

    /// <summary>Several types → <c>anyOf</c> of one type each, null left out.</summary>
    private static void WriteTypes(Utf8JsonWriter writer, in Tape tape, int value)
    {
        writer.WriteStartArray("anyOf"u8);
        for (var item = value + 1; tape.Type(item) != JsonTokenType.EndArray; item = tape.Next(item))
        {
            if (tape.Type(item) == JsonTokenType.String && TypeName(tape, item) is var name && name != "null")
            {
                writer.WriteStartObject();
                WriteType(writer, name);
                writer.WriteEndObject();
            }
        }

        writer.WriteEndArray();
    }

    /// <summary><c>"type": name</c>, the usual names written from UTF-8 constants.</summary>
    private static void WriteType(Utf8JsonWriter writer, string type)
    {
        var utf8 = type switch
        {
            "object" => "object"u8,
            "string" => "string"u8,
            "array" => "array"u8,
            "integer" => "integer"u8,
            "number" => "number"u8,
            "boolean" => "boolean"u8,
            "null" => "null"u8,
            _ => default,
        };
        if (utf8.IsEmpty)
        {
            writer.WriteString("type"u8, type);
        }
        else
        {
            writer.WriteString("type"u8, utf8);
        }
    }

    /// <summary>A type name in lower case, without allocating for the usual ones in any ASCII case.</summary>
    private static string TypeName(in Tape tape, int value)
    {
        if (!tape.IsEscaped(value))
        {
            var raw = tape.Raw(value);
            var known = raw.Length switch
            {
                4 => Ascii.EqualsIgnoreCase(raw, "null"u8) ? "null" : null,
                5 => Ascii.EqualsIgnoreCase(raw, "array"u8) ? "array" : null,
                6 => Ascii.EqualsIgnoreCase(raw, "object"u8) ? "object" : Ascii.EqualsIgnoreCase(raw, "string"u8) ? "string" : Ascii.EqualsIgnoreCase(raw, "number"u8) ? "number" : null,
                7 => Ascii.EqualsIgnoreCase(raw, "integer"u8) ? "integer" : Ascii.EqualsIgnoreCase(raw, "boolean"u8) ? "boolean" : null,
                _ => null,
            };
            if (known is not null)
            {
                return known;
            }
        }

        return tape.GetString(value).ToLowerInvariant();
    }

    /// <summary>
    /// Where the string values of <c>enum</c> (an array) or <c>const</c> (a string) are; -1 when absent or when a value
    /// is not a string. Null values make the schema nullable.
    /// </summary>
    private static int EnumValues(in Tape tape, Utf8Node node, ref bool nullable)
    {
        var values = node.Get(Keyword.Enum);
        if (tape.Type(values) == JsonTokenType.StartArray)
        {
            var strings = false;
            for (var item = values + 1; tape.Type(item) != JsonTokenType.EndArray; item = tape.Next(item))
            {
                switch (tape.Type(item))
                {
                    case JsonTokenType.Null:
                        nullable = true;
                        break;
                    case JsonTokenType.String:
                        strings = true;
                        break;
                    default:
                        return -1;
                }
            }

            return strings ? values : -1;
        }

        var constant = node.Get(Keyword.Const);
        return tape.Type(constant) == JsonTokenType.String ? constant : -1;
    }

    private static void WriteEnum(Utf8JsonWriter writer, in Tape tape, int values)
    {
        writer.WriteStartArray("enum"u8);
        if (tape.Type(values) == JsonTokenType.String)
        {
            tape.WriteText(writer, values, name: false);
        }
        else
        {
            for (var item = values + 1; tape.Type(item) != JsonTokenType.EndArray; item = tape.Next(item))
            {
                if (tape.Type(item) == JsonTokenType.String)
                {
                    tape.WriteText(writer, item, name: false);
                }
            }
        }

        writer.WriteEndArray();
    }

    private static bool FormatAllowed(in Tape tape, string? type, int format) => type switch
    {
        "string" => tape.TextEquals(format, "enum"u8) || tape.TextEquals(format, "date-time"u8),
        "number" => tape.TextEquals(format, "float"u8) || tape.TextEquals(format, "double"u8),
        "integer" => tape.TextEquals(format, "int32"u8) || tape.TextEquals(format, "int64"u8),
        _ => false,
    };

    /// <summary>The non-null branches of an <c>anyOf</c>/<c>oneOf</c> array, and how many branches it has.</summary>
    private static int CountNonNull(in Tape tape, int branches, out int length)
    {
        var count = 0;
        length = 0;
        for (var branch = branches + 1; tape.Type(branch) != JsonTokenType.EndArray; branch = tape.Next(branch))
        {
            length++;
            count += IsNullSchema(tape, branch) ? 0 : 1;
        }

        return count;
    }

    /// <summary><c>{"type":"null"}</c>, perhaps with a description: a branch that only says "or null".</summary>
    private static bool IsNullSchema(in Tape tape, int branch)
    {
        if (tape.Type(branch) != JsonTokenType.StartObject)
        {
            return false;
        }

        var type = tape.Property(branch, "type"u8);
        return tape.Type(type) == JsonTokenType.String && tape.TextEquals(type, "null"u8) && tape.Property(branch, "properties"u8) < 0;
    }
}
