using System.Text.Json;
using LlmGateway.Http;
using LlmGateway.Translation;

namespace LlmGateway.Protocols.OpenAI;

internal static partial class OpenAIChatCodec
{
    /// <summary>
    /// Messages in order. Tool results (role tool, or inside a user message as Anthropic has them) become role tool
    /// messages; images and documents inside them cannot go there, so they follow as one user message right after
    /// the run of tool messages. Reasoning is not sent: signatures belong to their provider and plain reasoning is
    /// rejected by some OpenAI-compatible servers.
    /// </summary>
    private static void WriteMessages(Utf8JsonWriter writer, List<CanonicalMessage> messages)
    {
        writer.WriteStartArray("messages"u8);
        List<ContentPart>? moved = null;
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            switch (message.Role)
            {
                case ChatRole.User or ChatRole.Tool:
                    var toolResults = WriteToolResults(writer, message, i, ref moved);
                    if (toolResults < message.Parts.Count || toolResults == 0)
                    {
                        WriteMoved(writer, moved);
                        WriteUserMessage(writer, message, i);
                    }

                    break;
                case ChatRole.Assistant:
                    WriteMoved(writer, moved);
                    WriteAssistantMessage(writer, message, i);
                    break;
                default:
                    WriteMoved(writer, moved);
                    WriteTextMessage(writer, message, i);
                    break;
            }
        }

        WriteMoved(writer, moved);
        writer.WriteEndArray();
    }

    /// <summary>Plain text, or a plain-text document (which OpenAI carries as a text part).</summary>
    private static string? TextOf(ContentPart part) => part switch
    {
        TextPart text => text.Text,
        DocumentPart { Data: null, Text: { } text } => text,
        _ => null,
    };

    private static GatewayErrorException UnsupportedPart(int i, int j, string reason) =>
        new(GatewayError.Unsupported($"messages[{i}].content[{j}]", UpstreamName, reason));

    private static void WriteTextMessage(Utf8JsonWriter writer, CanonicalMessage message, int i)
    {
        var parts = message.Parts;
        var texts = 0;
        for (var j = 0; j < parts.Count; j++)
        {
            texts += TextOf(parts[j]) is not null ? 1 : parts[j] is ReasoningPart ? 0 : throw UnsupportedPart(i, j, "a system message can only hold text");
        }

        writer.WriteStartObject();
        writer.WriteString("role"u8, message.Role == ChatRole.Developer ? "developer"u8 : "system"u8);
        WriteName(writer, message);
        WriteTextContent(writer, parts, texts, isError: false, emptyIsNull: false);
        writer.WriteEndObject();
    }

    private static void WriteAssistantMessage(Utf8JsonWriter writer, CanonicalMessage message, int i)
    {
        var parts = message.Parts;
        int texts = 0, toolCalls = 0;
        for (var j = 0; j < parts.Count; j++)
        {
            var part = parts[j];
            if (TextOf(part) is not null)
            {
                texts++;
            }
            else if (part is ToolCallPart)
            {
                toolCalls++;
            }
            else if (part is not ReasoningPart)
            {
                throw UnsupportedPart(i, j, "an assistant message can only hold text and tool calls");
            }
        }

        writer.WriteStartObject();
        writer.WriteString("role"u8, "assistant"u8);
        WriteName(writer, message);
        WriteTextContent(writer, parts, texts, isError: false, emptyIsNull: toolCalls > 0);
        if (toolCalls > 0)
        {
            writer.WriteStartArray("tool_calls"u8);
            foreach (var part in parts)
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
                    writer.WriteEndObject();
                }
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes a role tool message per tool result; returns how many parts were tool results.</summary>
    private static int WriteToolResults(Utf8JsonWriter writer, CanonicalMessage message, int i, ref List<ContentPart>? moved)
    {
        var count = 0;
        var parts = message.Parts;
        for (var j = 0; j < parts.Count; j++)
        {
            if (parts[j] is not ToolResultPart result)
            {
                continue;
            }

            count++;
            var texts = 0;
            foreach (var part in result.Content)
            {
                if (TextOf(part) is not null)
                {
                    texts++;
                }
                else if (part is ImagePart or DocumentPart)
                {
                    (moved ??= []).Add(part);
                }
                else
                {
                    throw UnsupportedPart(i, j, "a tool result can only hold text, images and documents");
                }
            }

            writer.WriteStartObject();
            writer.WriteString("role"u8, "tool"u8);
            writer.WriteString("tool_call_id"u8, result.ToolCallId);
            WriteTextContent(writer, result.Content, texts, result.IsError, emptyIsNull: false);
            writer.WriteEndObject();
        }

        return count;
    }

    /// <summary>The images and documents taken out of tool results, as a user message of their own.</summary>
    private static void WriteMoved(Utf8JsonWriter writer, List<ContentPart>? moved)
    {
        if (moved is not { Count: > 0 })
        {
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("role"u8, "user"u8);
        writer.WriteStartArray("content"u8);
        for (var j = 0; j < moved.Count; j++)
        {
            WriteUserPart(writer, moved[j], -1, j);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        moved.Clear();
    }

    private static void WriteUserMessage(Utf8JsonWriter writer, CanonicalMessage message, int i)
    {
        var parts = message.Parts;
        int count = 0, texts = 0;
        foreach (var part in parts)
        {
            if (part is not (ToolResultPart or ReasoningPart))
            {
                count++;
                texts += TextOf(part) is not null ? 1 : 0;
            }
        }

        writer.WriteStartObject();
        writer.WriteString("role"u8, "user"u8);
        WriteName(writer, message);
        if (count == texts)
        {
            WriteTextContent(writer, parts, texts, isError: false, emptyIsNull: false);
        }
        else
        {
            writer.WriteStartArray("content"u8);
            for (var j = 0; j < parts.Count; j++)
            {
                if (parts[j] is not (ToolResultPart or ReasoningPart))
                {
                    WriteUserPart(writer, parts[j], i, j);
                }
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static void WriteName(Utf8JsonWriter writer, CanonicalMessage message)
    {
        if (message.Name is { } name)
        {
            writer.WriteString("name"u8, name);
        }
    }
}
