using System.Text;
using System.Text.Json;

namespace LlmGateway.Json;

/// <summary>
/// One <see cref="Utf8JsonReader"/> pass over a JSON text that checks it is well formed and finds a few named
/// properties of its top-level object, without building a document: the pass-through needs only <c>model</c> and
/// the stream flags of a body it relays untouched. Nested values are skipped. As with <see cref="JsonDocument"/>,
/// the last of several properties with the same name wins. One instance per set of names, shared.
/// </summary>
internal sealed class TopLevelScan
{
    private readonly byte[][] _names;

    public TopLevelScan(params string[] names)
    {
        ArgumentNullException.ThrowIfNull(names);
        _names = Array.ConvertAll(names, Encoding.UTF8.GetBytes);
    }

    /// <summary>How many names the scan looks for: the length <see cref="Scan(ReadOnlySpan{byte}, Span{JsonSlice})"/> wants.</summary>
    public int Count => _names.Length;

    /// <inheritdoc cref="Scan(ReadOnlySpan{byte}, Span{JsonSlice}, out int)"/>
    public JsonTokenType Scan(ReadOnlySpan<byte> json, Span<JsonSlice> values) => Scan(json, values, out _);

    /// <summary>
    /// Reads <paramref name="json"/> to its end. When it is an object, <paramref name="values"/>[i] is where the
    /// value of the i-th name is (<see cref="JsonTokenType.None"/> when absent), relative to <paramref name="json"/>,
    /// and <paramref name="propertyCount"/> counts its properties.
    /// </summary>
    /// <returns>The token type of the top-level value: <see cref="JsonTokenType.StartObject"/> for an object.</returns>
    /// <exception cref="JsonException">The text is not one well-formed JSON value (the message says where, as <see cref="JsonDocument.Parse(ReadOnlyMemory{byte}, JsonDocumentOptions)"/> would).</exception>
    public JsonTokenType Scan(ReadOnlySpan<byte> json, Span<JsonSlice> values, out int propertyCount)
    {
        if (values.Length < _names.Length)
        {
            throw new ArgumentException($"Room for {_names.Length} values is needed.", nameof(values));
        }

        values[.._names.Length].Clear();
        propertyCount = 0;
        var reader = new Utf8JsonReader(json);
        reader.Read();
        var root = reader.TokenType;
        if (root != JsonTokenType.StartObject)
        {
            reader.Skip();
        }
        else
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                propertyCount++;
                var index = IndexOf(ref reader);
                reader.Read();
                var value = JsonSlice.At(ref reader);
                reader.Skip();
                if (index >= 0)
                {
                    values[index] = value with { Length = (int)reader.BytesConsumed - value.Start };
                }
            }
        }

        // Past the end: anything but whitespace after the value throws, as it does for a document.
        reader.Read();
        return root;
    }

    private int IndexOf(ref Utf8JsonReader reader)
    {
        for (var i = 0; i < _names.Length; i++)
        {
            if (reader.ValueTextEquals(_names[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
