using System.Runtime.InteropServices;
using System.Text.Json;

namespace LlmGateway.Json;

internal static class JsonRaw
{
    /// <summary>
    /// Writes a value of a parsed document by copying its original bytes (already valid JSON), rather than
    /// re-serialising it token by token as <see cref="JsonElement.WriteTo"/> does: schemas and extensions pass
    /// through byte for byte and cost a copy.
    /// </summary>
    public static void Write(Utf8JsonWriter writer, JsonElement value) =>
        writer.WriteRawValue(JsonMarshal.GetRawUtf8Value(value), skipInputValidation: true);

    /// <summary>
    /// Writes a value kept as its raw UTF-8 bytes, read before as one well-formed JSON value (a tool's schema): copied
    /// as they are, not validated again.
    /// </summary>
    public static void Write(Utf8JsonWriter writer, ReadOnlySpan<byte> utf8Json) =>
        writer.WriteRawValue(utf8Json, skipInputValidation: true);
}
