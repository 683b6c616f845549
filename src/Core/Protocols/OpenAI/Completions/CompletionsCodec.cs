using System.Buffers;
using System.Text.Json;
using LlmGateway.Json;
using LlmGateway.Translation;

namespace LlmGateway.Protocols.OpenAI.Completions;

/// <summary>
/// The hub's answer as a legacy <c>text_completion</c>: the text parts joined in <c>choices[0].text</c> (reasoning
/// is not part of a completion and is left out), <c>finish_reason</c> <c>stop</c>, <c>length</c> or
/// <c>content_filter</c>, <c>logprobs: null</c>, and the usage in OpenAI's sense.
/// </summary>
internal static class CompletionsCodec
{
    public static void EncodeResponse(CanonicalResponse response, IBufferWriter<byte> output, long created)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(output);
        using var writer = new Utf8JsonWriter(output, JsonDefaults.Writer);
        writer.WriteStartObject();
        writer.WriteString("id"u8, response.Id);
        writer.WriteString("object"u8, "text_completion"u8);
        writer.WriteNumber("created"u8, response.Created != 0 ? response.Created : created);
        writer.WriteString("model"u8, response.Model);
        writer.WriteStartArray("choices"u8);
        writer.WriteStartObject();
        writer.WriteString("text"u8, string.Concat(response.Content.OfType<TextPart>().Select(t => t.Text)));
        writer.WriteNumber("index"u8, 0);
        writer.WriteNull("logprobs"u8);
        writer.WriteString("finish_reason"u8, FinishReasonFor(response.StopReason));
        writer.WriteEndObject();
        writer.WriteEndArray();
        OpenAIChatCodec.WriteUsage(writer, response.Usage);
        writer.WriteEndObject();
    }

    /// <summary>Legacy completions have no tool calls: a tool-use stop is a plain <c>stop</c>.</summary>
    public static ReadOnlySpan<byte> FinishReasonFor(StopReason reason) => reason switch
    {
        StopReason.MaxTokens => "length"u8,
        StopReason.Refusal => "content_filter"u8,
        _ => "stop"u8,
    };
}
