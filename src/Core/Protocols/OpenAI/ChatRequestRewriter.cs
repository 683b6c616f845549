using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using LlmGateway.Http;
using LlmGateway.Json;

namespace LlmGateway.Protocols.OpenAI;

/// <summary>
/// The pass-through rewrite of a request body: the original bytes with only the <c>model</c> value replaced and,
/// on OpenAI streams, <c>stream_options.include_usage</c> forced on so the gateway can meter.
/// Every other byte, including fields the gateway does not know, reaches the upstream untouched.
/// </summary>
internal static class ChatRequestRewriter
{
    private static ReadOnlySpan<byte> IncludeUsageProperty => "\"stream_options\":{\"include_usage\":true},"u8;

    private static ReadOnlySpan<byte> IncludeUsageObject => "{\"include_usage\":true}"u8;

    /// <param name="original">The body <paramref name="layout"/> was read from (<see cref="ChatRequestInfo.Read(ReadOnlySpan{byte})"/>, or a <see cref="TopLevelScan"/> for <c>model</c>).</param>
    /// <param name="layout">Where the model and <c>stream_options</c> values are in <paramref name="original"/>.</param>
    /// <param name="upstreamModel">The model name the upstream knows.</param>
    /// <param name="includeUsage">Force <c>stream_options.include_usage</c> on (OpenAI streams); otherwise only the model changes.</param>
    public static PooledBuffer Rewrite(ReadOnlySpan<byte> original, ChatRequestLayout layout, string upstreamModel, bool includeUsage)
    {
        ArgumentNullException.ThrowIfNull(upstreamModel);
        var model = layout.Model;
        var output = new PooledBuffer(original.Length + (upstreamModel.Length * 3) + IncludeUsageProperty.Length + 16);
        if (!includeUsage)
        {
            Append(output, original[..model.Start]);
            WriteModel(output, upstreamModel);
            Append(output, original[model.End..]);
            return output;
        }

        // Two edits: the model, and stream_options replaced (an object keeps its other members) or inserted
        // right after the opening brace (the body has at least "model", so a comma is always right).
        var options = layout.StreamOptions;
        var optionsStart = options.Found ? options.Start : original.IndexOf((byte)'{') + 1;
        var optionsEnd = options.Found ? options.End : optionsStart;
        if (optionsStart < model.Start)
        {
            Append(output, original[..optionsStart]);
            WriteStreamOptions(output, original, layout);
            Append(output, original[optionsEnd..model.Start]);
            WriteModel(output, upstreamModel);
            Append(output, original[model.End..]);
        }
        else
        {
            Append(output, original[..model.Start]);
            WriteModel(output, upstreamModel);
            Append(output, original[model.End..optionsStart]);
            WriteStreamOptions(output, original, layout);
            Append(output, original[optionsEnd..]);
        }

        return output;
    }

    /// <summary>
    /// <see cref="Rewrite(ReadOnlySpan{byte}, ChatRequestLayout, string, bool)"/> for callers that parsed the body
    /// into a document.
    /// </summary>
    /// <param name="original">The bytes <paramref name="root"/> was parsed from (not a copy).</param>
    public static PooledBuffer Rewrite(ReadOnlyMemory<byte> original, JsonElement root, string upstreamModel, bool includeUsage)
    {
        var source = original.Span;
        var layout = new ChatRequestLayout(
            SliceOf(source, root.GetProperty("model"u8)),
            root.TryGetProperty("stream_options"u8, out var options) ? SliceOf(source, options) : default);
        return Rewrite(source, layout, upstreamModel, includeUsage);
    }

    private static void WriteStreamOptions(PooledBuffer output, ReadOnlySpan<byte> original, ChatRequestLayout layout)
    {
        var options = layout.StreamOptions;
        if (!options.Found)
        {
            Append(output, IncludeUsageProperty);
        }
        else if (options.TokenType != JsonTokenType.StartObject || layout.StreamOptionsHoldIncludeUsageOnly)
        {
            Append(output, IncludeUsageObject);
        }
        else
        {
            // Other options beside include_usage (rare): the object is written again with include_usage last.
            var reader = new Utf8JsonReader(options.Of(original));
            using var document = JsonDocument.ParseValue(ref reader);
            using var writer = new Utf8JsonWriter(output, JsonDefaults.Writer);
            writer.WriteStartObject();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!property.NameEquals("include_usage"u8))
                {
                    property.WriteTo(writer);
                }
            }

            writer.WriteBoolean("include_usage"u8, true);
            writer.WriteEndObject();
        }
    }

    /// <summary>The model as a JSON string, escaped as <see cref="JsonSerializer"/> would with the gateway's encoder.</summary>
    private static void WriteModel(PooledBuffer output, string model)
    {
        if (IsPlainAscii(model))
        {
            var span = output.GetSpan(model.Length + 2);
            span[0] = (byte)'"';
            Encoding.ASCII.GetBytes(model, span[1..]);
            span[model.Length + 1] = (byte)'"';
            output.Advance(model.Length + 2);
            return;
        }

        Append(output, JsonSerializer.SerializeToUtf8Bytes(model, JsonDefaults.Context.String));
    }

    /// <summary>Printable ASCII without a quote or a backslash: nothing to escape.</summary>
    private static bool IsPlainAscii(string text)
    {
        foreach (var c in text)
        {
            if (c is < ' ' or > '~' or '"' or '\\')
            {
                return false;
            }
        }

        return true;
    }

    private static JsonSlice SliceOf(ReadOnlySpan<byte> source, JsonElement value)
    {
        var raw = JsonMarshal.GetRawUtf8Value(value);
        var start = (int)Unsafe.ByteOffset(ref MemoryMarshal.GetReference(source), ref MemoryMarshal.GetReference(raw));
        var type = value.ValueKind switch
        {
            JsonValueKind.Object => JsonTokenType.StartObject,
            JsonValueKind.Array => JsonTokenType.StartArray,
            JsonValueKind.String => JsonTokenType.String,
            JsonValueKind.Number => JsonTokenType.Number,
            JsonValueKind.True => JsonTokenType.True,
            JsonValueKind.False => JsonTokenType.False,
            _ => JsonTokenType.Null,
        };
        return new JsonSlice(type, start, raw.Length);
    }

    private static void Append(PooledBuffer output, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(output.GetMemory(bytes.Length).Span);
        output.Advance(bytes.Length);
    }
}
