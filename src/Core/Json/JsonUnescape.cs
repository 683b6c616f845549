using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace LlmGateway.Json;

/// <summary>
/// Unescapes the content of a JSON string already read as valid (its bytes between the quotes) into UTF-8 without
/// reading it again with a <see cref="System.Text.Json.Utf8JsonReader"/>, which validates every byte of an escaped
/// string a second time.
/// </summary>
internal static class JsonUnescape
{
    /// <summary>
    /// Writes the unescaped bytes of <paramref name="escaped"/> into <paramref name="destination"/> (at least as long).
    /// False for a <c>\u</c> escape of a surrogate (half of a pair, or a lone one), which callers leave to the reader.
    /// </summary>
    public static bool TryUnescape(ReadOnlySpan<byte> escaped, Span<byte> destination, out int written)
    {
        written = 0;
        while (true)
        {
            var backslash = escaped.IndexOf((byte)'\\');
            var plain = backslash < 0 ? escaped : escaped[..backslash];
            plain.CopyTo(destination[written..]);
            written += plain.Length;
            if (backslash < 0)
            {
                return true;
            }

            var code = escaped[backslash + 1];
            escaped = escaped[(backslash + 2)..];
            switch (code)
            {
                case (byte)'n':
                    destination[written++] = (byte)'\n';
                    break;
                case (byte)'t':
                    destination[written++] = (byte)'\t';
                    break;
                case (byte)'r':
                    destination[written++] = (byte)'\r';
                    break;
                case (byte)'b':
                    destination[written++] = (byte)'\b';
                    break;
                case (byte)'f':
                    destination[written++] = (byte)'\f';
                    break;
                case (byte)'u':
                    if (!Utf8Parser.TryParse(escaped[..4], out int scalar, out _, 'x') || scalar is >= 0xD800 and <= 0xDFFF)
                    {
                        return false;
                    }

                    written += new Rune(scalar).EncodeToUtf8(destination[written..]);
                    escaped = escaped[4..];
                    break;
                default:
                    // \" \\ \/ stand for themselves.
                    destination[written++] = code;
                    break;
            }
        }
    }

    /// <summary>The unescaped text of <paramref name="escaped"/>; null when <see cref="TryUnescape"/> declines it.</summary>
    public static string? TryGetString(ReadOnlySpan<byte> escaped)
    {
        byte[]? rented = null;
        Span<byte> buffer = escaped.Length <= 256 ? stackalloc byte[256] : (rented = ArrayPool<byte>.Shared.Rent(escaped.Length));
        try
        {
            return TryUnescape(escaped, buffer, out var written) ? Utf8Text.Decode(buffer[..written]) : null;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
