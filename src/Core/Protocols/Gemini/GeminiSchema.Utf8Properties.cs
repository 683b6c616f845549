using System.Text.Json;

namespace LlmGateway.Protocols.Gemini;

/// <summary><c>properties</c> and <c>required</c> over a <see cref="Tape"/>, merged across a node's sources as the element sanitiser merges them.</summary>
internal static partial class GeminiSchema
{
    /// <summary><c>properties</c> of every source (the first definition of a name wins), then <c>required</c> among them.</summary>
    private static void WriteProperties(Utf8JsonWriter writer, in Tape tape, Utf8Node node, Utf8Context context, int depth)
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
                    WriteNode(writer, tape, name + 1, context, depth + 1);
                }
                else
                {
                    WriteNode(writer, tape.Raw(name), named: true, tape, name + 1, context, depth + 1);
                }
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
    private static void WriteRequired(Utf8JsonWriter writer, in Tape tape, Utf8Node node)
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

    private static bool IsDeclared(in Tape tape, Utf8Node node, int name)
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
    private static bool IsRequiredBefore(in Tape tape, Utf8Node node, int source, int item)
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
}
