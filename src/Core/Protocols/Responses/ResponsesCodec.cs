using System.Globalization;
using System.Text.Json;
using LlmGateway.Http;
using LlmGateway.Translation;

namespace LlmGateway.Protocols.Responses;

/// <summary>
/// OpenAI Responses ⇄ the canonical model (docs/translation.md, "OpenAI Responses ⇄ the hub"): client requests in
/// (<see cref="DecodeRequest"/>), upstream requests out (<see cref="EncodeRequest"/>), upstream answers in
/// (<see cref="DecodeResponse"/>) and client answers out (<see cref="EncodeResponse"/>). Streams go through
/// <see cref="ResponsesStreamDecoder"/> and <see cref="ResponsesStreamEncoder"/>; the JSON of output items through
/// <see cref="ResponsesItems"/>.
/// </summary>
internal static partial class ResponsesCodec
{
    /// <summary>Where the codec names itself in "not supported by ..." errors.</summary>
    internal const string Target = "an OpenAI Responses upstream";

    /// <summary>Where the hub names the upstream when a Responses-only feature cannot go to it.</summary>
    internal const string OtherTarget = "this model's upstream (not an OpenAI Responses API)";

    /// <summary>A Responses id: <c>resp_</c> in front of the upstream's id (kept when it already is one).</summary>
    internal static string ResponseId(string id) =>
        id.StartsWith("resp_", StringComparison.Ordinal) ? id : "resp_" + (id.Length > 0 ? id : Guid.NewGuid().ToString("N"));

    /// <summary>
    /// An output item's id, derived from the response's so that it is stable and unique per response:
    /// <c>&lt;prefix&gt;_&lt;response id&gt;_&lt;output index&gt;</c> (<c>msg</c>, <c>fc</c>, <c>rs</c>), the response id
    /// without its <c>resp_</c> and its upstream's <c>msg_</c> or <c>chatcmpl-</c>.
    /// </summary>
    internal static string ItemId(string prefix, string responseId, int outputIndex)
    {
        var core = Strip(Strip(responseId.AsSpan(), "resp_"), "msg_");
        core = Strip(core, "chatcmpl-");
        return string.Create(CultureInfo.InvariantCulture, $"{prefix}_{core}_{outputIndex}");

        static ReadOnlySpan<char> Strip(ReadOnlySpan<char> id, string prefix) =>
            id.StartsWith(prefix, StringComparison.Ordinal) && id.Length > prefix.Length ? id[prefix.Length..] : id;
    }

    /// <summary>The <c>incomplete_details.reason</c> of a response that stopped early; null when it completed.</summary>
    internal static string? IncompleteReason(StopReason reason) => reason switch
    {
        StopReason.MaxTokens => "max_output_tokens",
        StopReason.Refusal => "content_filter",
        _ => null,
    };

    private static GatewayErrorException BadRequest(string message, string? param, string code = "invalid_value") =>
        new(GatewayError.BadRequest(message, param, code));

    private static GatewayErrorException InvalidType(string param, string expected) =>
        BadRequest($"Invalid type for '{param}': expected {expected}.", param, "invalid_type");

    private static GatewayErrorException Missing(string param) =>
        BadRequest($"Missing required parameter: '{param}'.", param, "missing_required_parameter");

    private static GatewayErrorException Unsupported(string param, string reason) =>
        new(GatewayError.Unsupported(param, Target, reason));

    private static string Path(string name, int index) => string.Create(CultureInfo.InvariantCulture, $"{name}[{index}]");

    private static string? OptionalString(JsonElement element, ReadOnlySpan<byte> name, string param) =>
        !element.TryGetProperty(name, out var value) ? null
        : value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Null => null,
            _ => throw InvalidType(param, "a string"),
        };

    private static string RequiredString(JsonElement element, ReadOnlySpan<byte> name, string param) =>
        OptionalString(element, name, param) ?? throw Missing(param);

    /// <summary>Where a value sits in the request (<c>input[2].content[1]</c>), formatted only when an error names it.</summary>
    private readonly struct At(string root, int index, string? list = null, int part = -1)
    {
        public At Part(string listName, int partIndex) => new(root, index, listName, partIndex);

        public string Field(string name) => ToString() + "." + name;

        public override string ToString() => list is null ? Path(root, index) : Path(root, index) + Path("." + list, part);
    }

    private static string? OptionalString(JsonElement element, ReadOnlySpan<byte> name, At at, string field) =>
        !element.TryGetProperty(name, out var value) ? null
        : value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Null => null,
            _ => throw InvalidType(at.Field(field), "a string"),
        };

    private static string RequiredString(JsonElement element, ReadOnlySpan<byte> name, At at, string field) =>
        OptionalString(element, name, at, field) ?? throw Missing(at.Field(field));

    private static bool IsType(JsonElement element, ReadOnlySpan<byte> type) =>
        element.ValueKind == JsonValueKind.Object
        && element.TryGetProperty("type"u8, out var value)
        && value.ValueKind == JsonValueKind.String
        && value.ValueEquals(type);
}
