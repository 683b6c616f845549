using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;
using LlmGateway.Json;

namespace LlmGateway.Embeddings;

/// <summary>
/// An embeddings answer the gateway makes itself (Gemini, mock) in OpenAI's shape:
/// <c>{"object":"list","data":[{"object":"embedding","index","embedding"}],"model","usage":{"prompt_tokens","total_tokens"}}</c>.
/// Each embedding is an array of numbers, or with <c>encoding_format: "base64"</c> the base64 of its float32 values
/// in little-endian order, as OpenAI sends it.
/// </summary>
internal static class EmbeddingsResponse
{
    public static void Write(IBufferWriter<byte> output, IReadOnlyList<float[]> vectors, bool base64, string model, long promptTokens)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        using var writer = new Utf8JsonWriter(output, JsonDefaults.Writer);
        writer.WriteStartObject();
        writer.WriteString("object"u8, "list"u8);
        writer.WriteStartArray("data"u8);
        for (var i = 0; i < vectors.Count; i++)
        {
            writer.WriteStartObject();
            writer.WriteString("object"u8, "embedding"u8);
            writer.WriteNumber("index"u8, i);
            writer.WritePropertyName("embedding"u8);
            if (base64)
            {
                writer.WriteBase64StringValue(LittleEndianBytes(vectors[i]));
            }
            else
            {
                writer.WriteStartArray();
                foreach (var value in vectors[i])
                {
                    writer.WriteNumberValue(value);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteString("model"u8, model);
        writer.WriteStartObject("usage"u8);
        writer.WriteNumber("prompt_tokens"u8, promptTokens);
        writer.WriteNumber("total_tokens"u8, promptTokens);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary><c>usage.prompt_tokens</c> of an OpenAI embeddings answer (0 when it has none), skipping the vectors unparsed.</summary>
    public static long PromptTokensOf(ReadOnlySpan<byte> answer)
    {
        try
        {
            var reader = new Utf8JsonReader(answer);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return 0;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isUsage = reader.ValueTextEquals("usage"u8);
                reader.Read();
                if (!isUsage || reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isPrompt = reader.ValueTextEquals("prompt_tokens"u8);
                    reader.Read();
                    if (isPrompt && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var tokens))
                    {
                        return tokens;
                    }

                    reader.Skip();
                }

                return 0;
            }
        }
        catch (JsonException)
        {
        }

        return 0;
    }

    private static byte[] LittleEndianBytes(float[] vector)
    {
        var bytes = MemoryMarshal.AsBytes(vector.AsSpan()).ToArray();
        if (!BitConverter.IsLittleEndian)
        {
            for (var i = 0; i < vector.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), vector[i]);
            }
        }

        return bytes;
    }
}
