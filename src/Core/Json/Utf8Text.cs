using System.Text;

namespace LlmGateway.Json;

internal static class Utf8Text
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Raw JSON text (valid, already read) as a string, failing on invalid UTF-8 the way
    /// <see cref="System.Text.Json.JsonElement.GetRawText"/> and <see cref="System.Text.Json.Utf8JsonReader.GetString"/> do.
    /// </summary>
    public static string Decode(ReadOnlySpan<byte> utf8)
    {
        try
        {
            return Strict.GetString(utf8);
        }
        catch (DecoderFallbackException ex)
        {
            throw new InvalidOperationException("Cannot transcode invalid UTF-8 JSON text to UTF-16 string.", ex);
        }
    }
}
