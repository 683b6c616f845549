using System.Buffers;
using System.Text.Json;
using LlmGateway.Json;
using LlmGateway.Translation;

namespace LlmGateway.Protocols.Gemini;

/// <summary><c>:countTokens</c>: its request (bare <c>contents</c>, or a whole <c>generateContentRequest</c>) and its answer.</summary>
internal static partial class GeminiCodec
{
    /// <summary>
    /// A <c>countTokens</c> body → canonical: <c>{"generateContentRequest":{...}}</c> reads as a generateContent
    /// request, <c>{"contents":[...]}</c> as one with only contents.
    /// </summary>
    public static CanonicalRequest DecodeCountTokensRequest(JsonElement root, string model)
    {
        if (root.ValueKind == JsonValueKind.Object
            && TryGet(root, "generateContentRequest"u8, "generate_content_request"u8, out var inner)
            && inner.ValueKind == JsonValueKind.Object)
        {
            return DecodeRequest(inner, model);
        }

        return DecodeRequest(root, model);
    }

    /// <summary>Writes <c>{"totalTokens":N}</c>.</summary>
    public static void EncodeCountTokensResponse(long totalTokens, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var writer = new Utf8JsonWriter(output, JsonDefaults.Writer);
        writer.WriteStartObject();
        writer.WriteNumber("totalTokens"u8, totalTokens);
        writer.WriteEndObject();
    }
}
