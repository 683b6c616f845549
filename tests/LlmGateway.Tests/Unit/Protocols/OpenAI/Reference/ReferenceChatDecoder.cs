using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using LlmGateway.Http;

namespace LlmGateway.Tests.Unit.Protocols.OpenAI.Reference;

/// <summary>
/// The request decoder as it was before it read bytes with a <see cref="Utf8JsonReader"/>: a walk over a parsed
/// <see cref="JsonElement"/> with property lookups. Kept only as the oracle the reader decoder must agree with
/// (same canonical request, same errors); not used by the gateway.
/// </summary>
internal static partial class ReferenceChatDecoder
{
    private static GatewayErrorException Invalid(string message, ParamPath? param, string code = "invalid_value") =>
        new(GatewayError.BadRequest(message, param?.ToString(), code));

    private static GatewayErrorException InvalidType(ParamPath param, string expected) =>
        Invalid($"Invalid type for '{param}': expected {expected}.", param, "invalid_type");

    private static GatewayErrorException Missing(ParamPath param) =>
        Invalid($"Missing required parameter: '{param}'.", param, "missing_required_parameter");

    private static bool TryParseDataUri(JsonElement value, ParamPath param, out string mediaType, out string data)
    {
        var raw = JsonMarshal.GetRawUtf8Value(value);
        raw = raw.Length >= 2 && raw[0] == (byte)'"' ? raw[1..^1] : raw;
        if (raw.IndexOf((byte)'\\') >= 0)
        {
            raw = Encoding.UTF8.GetBytes(value.GetString() ?? string.Empty);
        }

        mediaType = data = string.Empty;
        if (!raw.StartsWith("data:"u8))
        {
            return false;
        }

        var comma = raw.IndexOf((byte)',');
        var header = comma < 0 ? raw : raw[5..comma];
        if (comma < 0 || !header.EndsWith(";base64"u8))
        {
            throw Invalid($"Invalid '{param}': only base64 data URLs (data:<media type>;base64,<data>) are supported.", param);
        }

        header = header[..^7];
        var semicolon = header.IndexOf((byte)';');
        header = semicolon >= 0 ? header[..semicolon] : header;
        if (header.IsEmpty)
        {
            throw Invalid($"Invalid '{param}': the data URL has no media type.", param);
        }

        mediaType = Encoding.UTF8.GetString(header);
        data = Encoding.UTF8.GetString(raw[(comma + 1)..]);
        return true;
    }

    private readonly struct ParamPath(string template, int first = 0, int second = 0)
    {
        public static implicit operator ParamPath(string name) => new(name);

        public override string ToString() => string.Format(CultureInfo.InvariantCulture, template, first, second);
    }
}
