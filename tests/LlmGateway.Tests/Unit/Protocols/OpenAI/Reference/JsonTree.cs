using System.Globalization;
using System.Text;
using System.Text.Json;

namespace LlmGateway.Tests.Unit.Protocols.OpenAI.Reference;

/// <summary>
/// A mutable JSON tree that, unlike <c>JsonNode</c>, keeps duplicate property names and writes itself in ways a
/// client might: property order reversed, names or strings written with <c>\u</c> escapes, spaced out.
/// </summary>
internal sealed class JsonTree
{
    private JsonTree(JsonValueKind kind, string? raw)
    {
        Kind = kind;
        Raw = raw;
    }

    public JsonValueKind Kind { get; }

    /// <summary>The JSON text of a number, string or literal.</summary>
    public string? Raw { get; }

    public List<KeyValuePair<string, JsonTree>> Properties { get; } = [];

    public List<JsonTree> Items { get; } = [];

    public static JsonTree Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return From(document.RootElement);
    }

    public JsonTree Clone()
    {
        var clone = new JsonTree(Kind, Raw);
        clone.Properties.AddRange(Properties.Select(p => KeyValuePair.Create(p.Key, p.Value.Clone())));
        clone.Items.AddRange(Items.Select(i => i.Clone()));
        return clone;
    }

    /// <summary>Every value below this one (not itself), each with the way to reach it.</summary>
    public IEnumerable<JsonPath> Descendants(JsonPath? at = null)
    {
        at ??= JsonPath.Root;
        for (var p = 0; p < Properties.Count; p++)
        {
            var path = at.Property(p);
            yield return path;
            foreach (var below in Properties[p].Value.Descendants(path))
            {
                yield return below;
            }
        }

        for (var i = 0; i < Items.Count; i++)
        {
            var path = at.Item(i);
            yield return path;
            foreach (var below in Items[i].Descendants(path))
            {
                yield return below;
            }
        }
    }

    public string ToJson(JsonStyle style = JsonStyle.Compact)
    {
        var builder = new StringBuilder();
        Write(builder, style);
        return builder.ToString();
    }

    private static JsonTree From(JsonElement element)
    {
        var tree = new JsonTree(element.ValueKind, element.ValueKind is JsonValueKind.Object or JsonValueKind.Array ? null : element.GetRawText());
        if (element.ValueKind == JsonValueKind.Object)
        {
            tree.Properties.AddRange(element.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, From(p.Value))));
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            tree.Items.AddRange(element.EnumerateArray().Select(From));
        }

        return tree;
    }

    private static string Escaped(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in text)
        {
            builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
        }

        return builder.Append('"').ToString();
    }

    private void Write(StringBuilder builder, JsonStyle style)
    {
        var spaced = style.HasFlag(JsonStyle.Spaced);
        switch (Kind)
        {
            case JsonValueKind.Object:
                builder.Append(spaced ? "{ " : "{");
                var properties = style.HasFlag(JsonStyle.Reversed) ? Enumerable.Reverse(Properties) : Properties;
                var first = true;
                foreach (var (name, value) in properties)
                {
                    builder.Append(first ? string.Empty : spaced ? " ,\n " : ",");
                    first = false;
                    builder.Append(style.HasFlag(JsonStyle.EscapedNames) ? Escaped(name) : JsonSerializer.Serialize(name));
                    builder.Append(spaced ? " : " : ":");
                    value.Write(builder, style);
                }

                builder.Append(spaced ? " }" : "}");
                return;
            case JsonValueKind.Array:
                builder.Append(spaced ? "[ " : "[");
                for (var i = 0; i < Items.Count; i++)
                {
                    builder.Append(i == 0 ? string.Empty : spaced ? " , " : ",");
                    Items[i].Write(builder, style);
                }

                builder.Append(spaced ? " ]" : "]");
                return;
            case JsonValueKind.String when style.HasFlag(JsonStyle.EscapedStrings):
                builder.Append(Escaped(JsonSerializer.Deserialize<string>(Raw!)!));
                return;
            default:
                builder.Append(Raw);
                return;
        }
    }
}
