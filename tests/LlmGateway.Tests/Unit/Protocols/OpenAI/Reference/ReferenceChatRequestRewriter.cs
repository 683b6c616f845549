using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using LlmGateway.Http;
using LlmGateway.Json;

namespace LlmGateway.Tests.Unit.Protocols.OpenAI.Reference;

/// <summary>
/// <c>ChatRequestRewriter.Rewrite</c> as it was over a parsed <see cref="JsonElement"/>: the oracle the rewrite from a
/// scan must agree with byte for byte. Not used by the gateway.
/// </summary>
internal static class ReferenceChatRequestRewriter
{
    private static ReadOnlySpan<byte> IncludeUsageProperty => "\"stream_options\":{\"include_usage\":true},"u8;

    /// <param name="original">The bytes <paramref name="root"/> was parsed from (not a copy).</param>
    /// <param name="includeUsage">Force <c>stream_options.include_usage</c> on (OpenAI streams); otherwise only the model changes.</param>
    public static PooledBuffer Rewrite(ReadOnlyMemory<byte> original, JsonElement root, string upstreamModel, bool includeUsage)
    {
        var source = original.Span;
        var model = JsonMarshal.GetRawUtf8Value(root.GetProperty("model"));
        var modelStart = OffsetOf(source, model);
        var modelJson = JsonSerializer.SerializeToUtf8Bytes(upstreamModel, JsonDefaults.Context.String);

        var output = new PooledBuffer(source.Length + modelJson.Length + IncludeUsageProperty.Length + 16);
        if (!includeUsage)
        {
            Append(output, source[..modelStart]);
            Append(output, modelJson);
            Append(output, source[(modelStart + model.Length)..]);
            return output;
        }

        var edits = new List<(int Start, int Length, byte[] Replacement)> { (modelStart, model.Length, modelJson) };
        if (root.TryGetProperty("stream_options", out var options) && options.ValueKind == JsonValueKind.Object)
        {
            var raw = JsonMarshal.GetRawUtf8Value(options);
            edits.Add((OffsetOf(source, raw), raw.Length, WithIncludeUsage(options)));
        }
        else
        {
            if (root.TryGetProperty("stream_options", out var nullOptions))
            {
                var raw = JsonMarshal.GetRawUtf8Value(nullOptions);
                edits.Add((OffsetOf(source, raw), raw.Length, "{\"include_usage\":true}"u8.ToArray()));
            }
            else
            {
                // Insert right after the opening brace; the body has at least "model", so a comma is always right.
                var open = source.IndexOf((byte)'{');
                edits.Add((open + 1, 0, IncludeUsageProperty.ToArray()));
            }
        }

        edits.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        var position = 0;
        foreach (var (start, length, replacement) in edits)
        {
            Append(output, source[position..start]);
            Append(output, replacement);
            position = start + length;
        }

        Append(output, source[position..]);
        return output;
    }

    private static byte[] WithIncludeUsage(JsonElement options)
    {
        using var stream = new MemoryStream(64);
        using (var writer = new Utf8JsonWriter(stream, JsonDefaults.Writer))
        {
            writer.WriteStartObject();
            foreach (var property in options.EnumerateObject())
            {
                if (!property.NameEquals("include_usage"u8))
                {
                    property.WriteTo(writer);
                }
            }

            writer.WriteBoolean("include_usage"u8, true);
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    private static int OffsetOf(ReadOnlySpan<byte> source, ReadOnlySpan<byte> slice) =>
        (int)Unsafe.ByteOffset(ref MemoryMarshal.GetReference(source), ref MemoryMarshal.GetReference(slice));

    private static void Append(PooledBuffer output, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(output.GetMemory(bytes.Length).Span);
        output.Advance(bytes.Length);
    }
}
