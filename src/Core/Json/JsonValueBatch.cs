using System.Text.Json;

namespace LlmGateway.Json;

/// <summary>
/// JSON values of one text that must become <see cref="JsonElement"/>s (schemas, fields kept verbatim), found while
/// reading it with a <see cref="Utf8JsonReader"/> and parsed together, as one document of their own, once the
/// reading is done: setting up a document costs about as much as parsing a few hundred bytes, whatever its size.
/// </summary>
internal sealed class JsonValueBatch
{
    private readonly List<JsonSlice> _values = new(4);

    public int Count => _values.Count;

    /// <summary>Skips the value the reader is on (it ends on the value's last token); returns the value's index.</summary>
    public int Add(ref Utf8JsonReader reader)
    {
        var value = JsonSlice.At(ref reader);
        reader.Skip();
        _values.Add(value with { Length = (int)reader.BytesConsumed - value.Start });
        return _values.Count - 1;
    }

    /// <summary>Adds a value already read (its whole range); returns its index.</summary>
    public int Add(JsonSlice value)
    {
        _values.Add(value);
        return _values.Count - 1;
    }

    /// <summary>
    /// The values, in the order they were added, as elements of one document that owns a copy of their bytes (it
    /// needs no disposing, and does not point into <paramref name="json"/>, the text the reader read).
    /// </summary>
    public JsonElement[] Parse(ReadOnlySpan<byte> json)
    {
        if (_values.Count == 1)
        {
            return [JsonElement.Parse(_values[0].Of(json))];
        }

        // [v0,v1,...]: the values were read as valid JSON, so the array is too.
        var length = 1 + _values.Count;
        foreach (var value in _values)
        {
            length += value.Length;
        }

        var buffer = length <= 4096 ? stackalloc byte[length] : new byte[length];
        buffer[0] = (byte)'[';
        var position = 1;
        foreach (var value in _values)
        {
            value.Of(json).CopyTo(buffer[position..]);
            position += value.Length;
            buffer[position++] = (byte)',';
        }

        buffer[^1] = (byte)']';
        var root = JsonElement.Parse(buffer);
        var elements = new JsonElement[_values.Count];
        var index = 0;
        foreach (var element in root.EnumerateArray())
        {
            elements[index++] = element;
        }

        return elements;
    }
}
