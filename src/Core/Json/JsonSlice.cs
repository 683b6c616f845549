using System.Text.Json;

namespace LlmGateway.Json;

/// <summary>
/// Where a JSON value sits in a text: its token type and the range of its raw bytes (a string with its quotes, a
/// container from its opening to its closing bracket, or only its opening bracket when taken with
/// <see cref="At"/>). <see cref="JsonTokenType.None"/> when the value was absent. Read strings with
/// <see cref="GetString"/> and <see cref="ValueEquals"/>, which unescape exactly as <see cref="Utf8JsonReader"/> does.
/// </summary>
/// <param name="IsEscaped">A string holding escapes (<c>\n</c>, <c>\u00e9</c>...): reading it needs unescaping.</param>
internal readonly record struct JsonSlice(JsonTokenType TokenType, int Start, int Length, bool IsEscaped = false)
{
    public bool Found => TokenType != JsonTokenType.None;

    /// <summary>One past the value's last byte.</summary>
    public int End => Start + Length;

    /// <summary>The value the reader is on (a container: its opening bracket only), relative to the reader's text.</summary>
    public static JsonSlice At(ref Utf8JsonReader reader)
    {
        var start = (int)reader.TokenStartIndex;
        return new JsonSlice(reader.TokenType, start, (int)reader.BytesConsumed - start, reader.ValueIsEscaped);
    }

    /// <summary>The value's raw bytes in <paramref name="json"/> (the text the slice was found in).</summary>
    public ReadOnlySpan<byte> Of(ReadOnlySpan<byte> json) => json.Slice(Start, Length);

    /// <summary>A string's bytes between its quotes, still escaped when <see cref="IsEscaped"/>.</summary>
    public ReadOnlySpan<byte> Unquoted(ReadOnlySpan<byte> json) => json.Slice(Start + 1, Length - 2);

    /// <summary>The unescaped text of a string value, as <see cref="Utf8JsonReader.GetString"/> gives it.</summary>
    public string GetString(ReadOnlySpan<byte> json)
    {
        if (!IsEscaped)
        {
            return Utf8Text.Decode(Unquoted(json));
        }

        if (JsonUnescape.TryGetString(Unquoted(json)) is { } text)
        {
            return text;
        }

        // Surrogate escapes: the reader says what they mean (a pair, or an error for a lone one).
        var reader = new Utf8JsonReader(Of(json));
        reader.Read();
        return reader.GetString()!;
    }

    /// <summary>Whether a string value's unescaped text is <paramref name="utf8"/>, as <see cref="Utf8JsonReader.ValueTextEquals(ReadOnlySpan{byte})"/> tells.</summary>
    public bool ValueEquals(ReadOnlySpan<byte> json, ReadOnlySpan<byte> utf8)
    {
        if (!IsEscaped)
        {
            return Unquoted(json).SequenceEqual(utf8);
        }

        var reader = new Utf8JsonReader(Of(json));
        reader.Read();
        return reader.ValueTextEquals(utf8);
    }

    /// <summary>An array or object with nothing in it (<c>[]</c>, <c>{ }</c>).</summary>
    public bool IsEmptyContainer(ReadOnlySpan<byte> json)
    {
        // The value was read as valid JSON: the first byte after the bracket that is not whitespace closes it or not.
        var inner = json.Slice(Start + 1, Length - 1).TrimStart(" \t\r\n"u8);
        return inner[0] is (byte)']' or (byte)'}';
    }
}
