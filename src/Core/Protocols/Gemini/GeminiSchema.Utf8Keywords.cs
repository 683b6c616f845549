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
    private static string? ReadType(Tape tape, int value, out bool several, ref bool nullable)
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
    private static void WriteTypes(Utf8JsonWriter writer, Tape tape, int value)
    {
        writer.WriteStartArray("anyOf"u8);
        for (var item = value + 1; tape.Type(item) != JsonTokenType.EndArray; item = tape.Next(item))
        {
            if (tape.Type(item) == JsonTokenType.String && TypeName(tape, item) is var name && name != "null")
            {
                writer.WriteStartObject();
                writer.WriteString("type"u8, name);
                writer.WriteEndObject();
            }
        }

        writer.WriteEndArray();
    }

    /// <summary>A type name in lower case, without allocating for the usual ones in any ASCII case.</summary>
    private static string TypeName(Tape tape, int value)
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
    private static int EnumValues(Tape tape, Utf8Node node, ref bool nullable)
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

    private static void WriteEnum(Utf8JsonWriter writer, Tape tape, int values)
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

    private static bool FormatAllowed(Tape tape, string? type, int format) => type switch
    {
        "string" => tape.TextEquals(format, "enum"u8) || tape.TextEquals(format, "date-time"u8),
        "number" => tape.TextEquals(format, "float"u8) || tape.TextEquals(format, "double"u8),
        "integer" => tape.TextEquals(format, "int32"u8) || tape.TextEquals(format, "int64"u8),
        _ => false,
    };

    /// <summary><c>properties</c> of every source (the first definition of a name wins), then <c>required</c> among them.</summary>
    private static void WriteProperties(Utf8JsonWriter writer, Tape tape, Utf8Node node, Utf8Context context, int depth)
    {
        var single = -1;
        var count = 0;
        foreach (var source in node.Sources)
        {
            if (tape.Type(source.Properties) == JsonTokenType.StartObject)
            {
                single = source.Properties;
                count++;
            }
        }

        writer.WriteStartObject("properties"u8);
        if (count == 1)
        {
            // The usual case: names are unique already, and written from the raw UTF-8 without a string each.
            for (var name = single + 1; tape.Type(name) == JsonTokenType.PropertyName; name = tape.Next(name + 1))
            {
                if (tape.IsEscaped(name))
                {
                    writer.WritePropertyName(tape.GetString(name));
                }
                else
                {
                    writer.WritePropertyName(tape.Raw(name));
                }

                WriteNode(writer, tape, name + 1, context, depth + 1);
            }
        }
        else
        {
            var seen = context.Names(depth);
            foreach (var source in node.Sources)
            {
                if (tape.Type(source.Properties) != JsonTokenType.StartObject)
                {
                    continue;
                }

                for (var name = source.Properties + 1; tape.Type(name) == JsonTokenType.PropertyName; name = tape.Next(name + 1))
                {
                    var text = tape.GetString(name);
                    if (seen.Add(text))
                    {
                        writer.WritePropertyName(text);
                        WriteNode(writer, tape, name + 1, context, depth + 1);
                    }
                }
            }
        }

        writer.WriteEndObject();
        if (node.HasRequired)
        {
            WriteRequired(writer, tape, node);
        }
    }

    /// <summary>
    /// <c>required</c> of every source, each name once and only names some source declares in <c>properties</c>. A name
    /// is written at its first occurrence: whether it is declared depends on the name only.
    /// </summary>
    private static void WriteRequired(Utf8JsonWriter writer, Tape tape, Utf8Node node)
    {
        var started = false;
        for (var s = 0; s < node.Sources.Count; s++)
        {
            var required = node.Sources[s].Required;
            if (tape.Type(required) != JsonTokenType.StartArray)
            {
                continue;
            }

            for (var item = required + 1; tape.Type(item) != JsonTokenType.EndArray; item = tape.Next(item))
            {
                if (tape.Type(item) != JsonTokenType.String)
                {
                    continue;
                }

                // Read as text (the element sanitiser takes a string of each), failing where that fails.
                tape.CheckText(item);
                if (!IsDeclared(tape, node, item) || IsRequiredBefore(tape, node, s, item))
                {
                    continue;
                }

                if (!started)
                {
                    writer.WriteStartArray("required"u8);
                    started = true;
                }

                tape.WriteText(writer, item, name: false);
            }
        }

        if (started)
        {
            writer.WriteEndArray();
        }
    }

    private static bool IsDeclared(Tape tape, Utf8Node node, int name)
    {
        foreach (var source in node.Sources)
        {
            if (tape.Type(source.Properties) != JsonTokenType.StartObject)
            {
                continue;
            }

            for (var member = source.Properties + 1; tape.Type(member) == JsonTokenType.PropertyName; member = tape.Next(member + 1))
            {
                if (tape.TextEquals(member, name))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Whether a string of some source's <c>required</c> before <paramref name="item"/> (in source <paramref name="source"/>) has its text.</summary>
    private static bool IsRequiredBefore(Tape tape, Utf8Node node, int source, int item)
    {
        for (var s = 0; s <= source; s++)
        {
            var required = node.Sources[s].Required;
            if (tape.Type(required) != JsonTokenType.StartArray)
            {
                continue;
            }

            // Two sources may be one object (pointers such as #/allOf/0 and #/allOf/00): stop at the item only in its own.
            for (var other = required + 1; tape.Type(other) != JsonTokenType.EndArray && !(s == source && other == item); other = tape.Next(other))
            {
                if (tape.Type(other) == JsonTokenType.String && tape.TextEquals(other, item))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The non-null branches of an <c>anyOf</c>/<c>oneOf</c> array, and how many branches it has.</summary>
    private static int CountNonNull(Tape tape, int branches, out int length)
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
    private static bool IsNullSchema(Tape tape, int branch)
    {
        if (tape.Type(branch) != JsonTokenType.StartObject)
        {
            return false;
        }

        var type = tape.Property(branch, "type"u8);
        return tape.Type(type) == JsonTokenType.String && tape.TextEquals(type, "null"u8) && tape.Property(branch, "properties"u8) < 0;
    }
}
