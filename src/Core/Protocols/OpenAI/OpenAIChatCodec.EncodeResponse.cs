using System.Buffers;
using System.Text.Json;
using LlmGateway.Json;
using LlmGateway.Translation;

namespace LlmGateway.Protocols.OpenAI;

internal static partial class OpenAIChatCodec
{
    /// <summary>
    /// Canonical → a client's Chat Completions body (Anthropic thinking rides along as <c>thinking_blocks</c>).
    /// <c>created</c> is the upstream's, or <paramref name="created"/> when the upstream gave none (Anthropic).
    /// </summary>
    public static void EncodeResponse(CanonicalResponse response, IBufferWriter<byte> output, long created = 0)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(output);
        int texts = 0, reasoning = 0, toolCalls = 0;
        var signed = false;
        foreach (var part in response.Content)
        {
            switch (part)
            {
                case TextPart:
                    texts++;
                    break;
                case ReasoningPart thinking:
                    reasoning++;
                    signed |= thinking.Signature is not null || thinking.RedactedData is not null;
                    break;
                case ToolCallPart:
                    toolCalls++;
                    break;
            }
        }

        using var writer = new Utf8JsonWriter(output, JsonDefaults.Writer);
        writer.WriteStartObject();
        writer.WriteString("id"u8, response.Id);
        writer.WriteString("object"u8, "chat.completion"u8);
        writer.WriteNumber("created"u8, response.Created != 0 ? response.Created : created);
        writer.WriteString("model"u8, response.Model);
        writer.WriteStartArray("choices"u8);
        writer.WriteStartObject();
        writer.WriteNumber("index"u8, 0);
        writer.WriteStartObject("message"u8);
        writer.WriteString("role"u8, "assistant"u8);
        writer.WritePropertyName("content"u8);
        WriteJoined<TextPart>(writer, response.Content, texts, nullWhenNone: toolCalls > 0);
        if (reasoning > 0)
        {
            writer.WritePropertyName("reasoning_content"u8);
            WriteJoined<ReasoningPart>(writer, response.Content, reasoning, nullWhenNone: false);
        }

        if (signed)
        {
            WriteThinkingBlocks(writer, response.Content);
        }

        if (toolCalls > 0)
        {
            writer.WriteStartArray("tool_calls"u8);
            foreach (var part in response.Content)
            {
                if (part is ToolCallPart call)
                {
                    writer.WriteStartObject();
                    writer.WriteString("id"u8, call.Id);
                    writer.WriteString("type"u8, "function"u8);
                    writer.WriteStartObject("function"u8);
                    writer.WriteString("name"u8, call.Name);
                    writer.WriteString("arguments"u8, call.Arguments);
                    writer.WriteEndObject();
                    WriteThoughtSignature(writer, call.ThoughtSignature);
                    writer.WriteEndObject();
                }
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.WriteString("finish_reason"u8, FinishReasonFor(response.StopReason));
        writer.WriteEndObject();
        writer.WriteEndArray();
        WriteUsage(writer, response.Usage);
        writer.WriteEndObject();
    }

    /// <summary>The text of every <typeparamref name="T"/> part, concatenated as the stream would have sent it.</summary>
    private static void WriteJoined<T>(Utf8JsonWriter writer, List<ContentPart> parts, int count, bool nullWhenNone)
        where T : ContentPart
    {
        if (count == 0)
        {
            if (nullWhenNone)
            {
                writer.WriteNullValue();
            }
            else
            {
                writer.WriteStringValue(string.Empty);
            }

            return;
        }

        var remaining = count;
        foreach (var part in parts)
        {
            if (part is T)
            {
                remaining--;
                var text = part is TextPart textPart ? textPart.Text : ((ReasoningPart)part).Text;
                writer.WriteStringValueSegment(text, isFinalSegment: remaining == 0);
            }
        }
    }

    private static void WriteThinkingBlocks(Utf8JsonWriter writer, List<ContentPart> parts)
    {
        writer.WriteStartArray("thinking_blocks"u8);
        foreach (var part in parts)
        {
            if (part is not ReasoningPart reasoning)
            {
                continue;
            }

            writer.WriteStartObject();
            if (reasoning.RedactedData is { } data)
            {
                writer.WriteString("type"u8, "redacted_thinking"u8);
                writer.WriteString("data"u8, data);
            }
            else
            {
                writer.WriteString("type"u8, "thinking"u8);
                writer.WriteString("thinking"u8, reasoning.Text);
                if (reasoning.Signature is { } signature)
                {
                    writer.WriteString("signature"u8, signature);
                }
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>Gemini's signature on a tool call as Google's OpenAI-compatible API writes it, so clients send it back.</summary>
    internal static void WriteThoughtSignature(Utf8JsonWriter writer, string? signature)
    {
        if (signature is null)
        {
            return;
        }

        writer.WriteStartObject("extra_content"u8);
        writer.WriteStartObject("google"u8);
        writer.WriteString("thought_signature"u8, signature);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
