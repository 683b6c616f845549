using System.Buffers;
using System.Text;
using System.Text.Json;

namespace LlmGateway.Protocols.Gemini;

/// <summary>JSON text that must be exactly one object (tool arguments, tool results), written without re-parsing into a DOM.</summary>
internal static class JsonObjects
{
    /// <summary>
    /// Writes <paramref name="json"/> as the next value when it is one JSON object; blank text counts as <c>{}</c>
    /// when <paramref name="emptyIsObject"/>. False (nothing written) otherwise.
    /// </summary>
    public static bool TryWrite(Utf8JsonWriter writer, string json, bool emptyIsObject = true)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            if (!emptyIsObject)
            {
                return false;
            }

            writer.WriteStartObject();
            writer.WriteEndObject();
            return true;
        }

        var trimmed = json.AsSpan().TrimStart();
        if (trimmed[0] != '{')
        {
            return false;
        }

        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(json.Length));
        try
        {
            var bytes = rented.AsSpan(0, Encoding.UTF8.GetBytes(json, rented));
            if (!IsSingleObject(bytes))
            {
                return false;
            }

            writer.WriteRawValue(bytes, skipInputValidation: true);
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>True when the UTF-8 JSON is one object and nothing after it.</summary>
    public static bool IsSingleObject(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        try
        {
            return reader.Read()
                && reader.TokenType == JsonTokenType.StartObject
                && reader.TrySkip()
                && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
