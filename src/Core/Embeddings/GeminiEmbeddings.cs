using System.Buffers;
using System.Text.Json;
using LlmGateway.Http;
using LlmGateway.Json;
using LlmGateway.Providers;

namespace LlmGateway.Embeddings;

/// <summary>
/// OpenAI embeddings requests for Gemini: one string → <c>models/{m}:embedContent</c>
/// (<c>{"model","content":{"parts":[{"text"}]},"outputDimensionality"?}</c>), an array → <c>:batchEmbedContents</c>
/// (<c>{"requests":[...]}</c>, at most <see cref="BatchSize"/> per call); <c>dimensions</c> →
/// <c>outputDimensionality</c>. Answers (<c>embedding.values</c>, <c>embeddings[].values</c>) are read as float32.
/// </summary>
internal static class GeminiEmbeddings
{
    /// <summary>Gemini's limit of requests in one <c>batchEmbedContents</c> call.</summary>
    public const int BatchSize = 100;

    public static Uri Uri(UpstreamProvider provider, string model, bool batch) =>
        new(provider.BaseUri!, "models/" + System.Uri.EscapeDataString(model) + (batch ? ":batchEmbedContents" : ":embedContent"));

    public static byte[] EncodeSingle(string model, string text, int? dimensions)
    {
        var output = new ArrayBufferWriter<byte>(text.Length + 128);
        using (var writer = new Utf8JsonWriter(output, JsonDefaults.Writer))
        {
            WriteRequest(writer, model, text, dimensions);
        }

        return output.WrittenSpan.ToArray();
    }

    public static byte[] EncodeBatch(string model, IReadOnlyList<string> texts, int start, int count, int? dimensions)
    {
        var output = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(output, JsonDefaults.Writer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("requests"u8);
            for (var i = start; i < start + count; i++)
            {
                WriteRequest(writer, model, texts[i], dimensions);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return output.WrittenSpan.ToArray();
    }

    /// <summary>The vectors of an answer, in order; a 502 naming the provider when it is not the expected shape.</summary>
    public static void Decode(ReadOnlySpan<byte> body, bool batch, int expected, string provider, List<float[]> vectors)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (!batch)
            {
                if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("embedding"u8, out var embedding) && Values(embedding) is { } values)
                {
                    vectors.Add(values);
                    return;
                }
            }
            else if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("embeddings"u8, out var embeddings)
                && embeddings.ValueKind == JsonValueKind.Array && embeddings.GetArrayLength() == expected)
            {
                foreach (var item in embeddings.EnumerateArray())
                {
                    vectors.Add(Values(item) ?? throw Invalid(provider));
                }

                return;
            }
        }
        catch (JsonException)
        {
        }

        throw Invalid(provider);
    }

    private static void WriteRequest(Utf8JsonWriter writer, string model, string text, int? dimensions)
    {
        writer.WriteStartObject();
        writer.WriteString("model"u8, "models/" + model);
        writer.WriteStartObject("content"u8);
        writer.WriteStartArray("parts"u8);
        writer.WriteStartObject();
        writer.WriteString("text"u8, text);
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
        if (dimensions is { } size)
        {
            writer.WriteNumber("outputDimensionality"u8, size);
        }

        writer.WriteEndObject();
    }

    private static float[]? Values(JsonElement embedding)
    {
        if (embedding.ValueKind != JsonValueKind.Object || !embedding.TryGetProperty("values"u8, out var values) || values.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var vector = new float[values.GetArrayLength()];
        var i = 0;
        foreach (var value in values.EnumerateArray())
        {
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetSingle(out vector[i++]))
            {
                return null;
            }
        }

        return vector;
    }

    private static GatewayErrorException Invalid(string provider) =>
        new(new GatewayError(502, "upstream_invalid_response", $"Upstream '{provider}' sent an embeddings answer that is not in Gemini's shape."));
}
