using System.Text.Json;
using LlmGateway.Translation;

namespace LlmGateway.Protocols.Responses;

/// <summary>Canonical messages → Responses <c>input</c> items.</summary>
internal static partial class ResponsesCodec
{
    /// <summary>
    /// Every message in order: system and developer messages keep their role and position; user content becomes a
    /// user message; tool results (role tool, or inside a user message as Anthropic has them) become
    /// <c>function_call_output</c> items, before the rest of that message; an assistant message becomes its items in
    /// order — reasoning OpenAI minted (with its <c>encrypted_content</c>), a message for each run of text, a
    /// <c>function_call</c> per tool call. Reasoning other providers minted cannot go to OpenAI and is left out.
    /// </summary>
    private static void WriteInput(Utf8JsonWriter writer, List<CanonicalMessage> messages)
    {
        writer.WriteStartArray("input"u8);
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            switch (message.Role)
            {
                case ChatRole.Assistant:
                    WriteAssistantItems(writer, message);
                    break;
                case ChatRole.System or ChatRole.Developer:
                    WriteMessageItem(writer, message.Role == ChatRole.System ? "system" : "developer", message.Parts, i);
                    break;
                default:
                    foreach (var part in message.Parts)
                    {
                        if (part is ToolResultPart result)
                        {
                            WriteToolOutput(writer, result, i);
                        }
                    }

                    WriteMessageItem(writer, "user", message.Parts, i);
                    break;
            }
        }

        writer.WriteEndArray();
    }

    /// <summary>A user message as an input item (compacted histories keep the user's messages).</summary>
    internal static void WriteUserMessageItem(Utf8JsonWriter writer, CanonicalMessage message, int messageIndex) =>
        WriteMessageItem(writer, "user", message.Parts, messageIndex);

    /// <summary>A message item of the parts that are content (not tool results or reasoning); nothing when there are none.</summary>
    private static void WriteMessageItem(Utf8JsonWriter writer, string role, List<ContentPart> parts, int messageIndex)
    {
        var any = false;
        for (var j = 0; j < parts.Count; j++)
        {
            var part = parts[j];
            if (part is ToolResultPart or ReasoningPart or ToolCallPart)
            {
                continue;
            }

            if (!any)
            {
                writer.WriteStartObject();
                writer.WriteString("type"u8, "message"u8);
                writer.WriteString("role"u8, role);
                writer.WriteStartArray("content"u8);
                any = true;
            }

            WriteInputPart(writer, part, messageIndex, j, textOnly: role != "user");
        }

        if (any)
        {
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
    }

    private static void WriteInputPart(Utf8JsonWriter writer, ContentPart part, int messageIndex, int partIndex, bool textOnly)
    {
        var param = Path("messages", messageIndex) + Path(".content", partIndex);
        writer.WriteStartObject();
        switch (part)
        {
            case TextPart text:
                writer.WriteString("type"u8, "input_text"u8);
                writer.WriteString("text"u8, text.Text);
                break;
            case DocumentPart { Data: null, Text: { } plain }:
                writer.WriteString("type"u8, "input_text"u8);
                writer.WriteString("text"u8, plain);
                break;
            case ImagePart image when !textOnly:
                writer.WriteString("type"u8, "input_image"u8);
                if (image.Data is { } data)
                {
                    WriteDataUrl(writer, "image_url"u8, image.MediaType ?? "application/octet-stream", data);
                }
                else
                {
                    writer.WriteString("image_url"u8, image.Url ?? throw Unsupported(param, "the image has neither a URL nor data"));
                }

                writer.WriteString("detail"u8, image.Detail ?? "auto");
                break;
            case DocumentPart document when !textOnly:
                writer.WriteString("type"u8, "input_file"u8);
                if (document.Data is { } fileData)
                {
                    var mediaType = document.MediaType ?? "application/pdf";
                    writer.WriteString("filename"u8, document.Title ?? (mediaType == "application/pdf" ? "document.pdf" : "document"));
                    WriteDataUrl(writer, "file_data"u8, mediaType, fileData);
                }
                else
                {
                    if (document.Title is { } title)
                    {
                        writer.WriteString("filename"u8, title);
                    }

                    writer.WriteString("file_url"u8, document.Url);
                }

                break;
            default:
                throw Unsupported(param, "a system or assistant message can hold only text");
        }

        writer.WriteEndObject();
    }

    private static void WriteAssistantItems(Utf8JsonWriter writer, CanonicalMessage message)
    {
        var textOpen = false;
        foreach (var part in message.Parts)
        {
            if (part is TextPart text)
            {
                if (text.Text.Length == 0)
                {
                    continue;
                }

                if (!textOpen)
                {
                    writer.WriteStartObject();
                    writer.WriteString("type"u8, "message"u8);
                    writer.WriteString("role"u8, "assistant"u8);
                    writer.WriteStartArray("content"u8);
                    textOpen = true;
                }

                writer.WriteStartObject();
                writer.WriteString("type"u8, "output_text"u8);
                writer.WriteString("text"u8, text.Text);
                writer.WriteStartArray("annotations"u8);
                writer.WriteEndArray();
                writer.WriteEndObject();
                continue;
            }

            if (part is not (ToolCallPart or ReasoningPart { Origin: WireFormat.OpenAIResponses, Signature: not null }))
            {
                continue;
            }

            if (textOpen)
            {
                writer.WriteEndArray();
                writer.WriteEndObject();
                textOpen = false;
            }

            if (part is ToolCallPart call)
            {
                writer.WriteStartObject();
                writer.WriteString("type"u8, "function_call"u8);
                writer.WriteString("call_id"u8, call.Id);
                writer.WriteString("name"u8, call.Name);
                writer.WriteString("arguments"u8, call.Arguments);
                writer.WriteEndObject();
            }
            else
            {
                var reasoning = (ReasoningPart)part;
                ResponsesItems.WriteReasoningInput(writer, reasoning.Text, reasoning.Signature);
            }
        }

        if (textOpen)
        {
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
    }

    /// <summary>
    /// A <c>function_call_output</c>: the text of the result as a string (an error result starts with <c>Error: </c>),
    /// or, when it holds images or documents, its parts.
    /// </summary>
    private static void WriteToolOutput(Utf8JsonWriter writer, ToolResultPart result, int messageIndex)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, "function_call_output"u8);
        writer.WriteString("call_id"u8, result.ToolCallId);
        var textOnly = result.Content.TrueForAll(static p => p is TextPart or DocumentPart { Data: null, Text: not null });
        if (textOnly)
        {
            var text = string.Join("\n", result.Content.Select(static p => p is TextPart t ? t.Text : ((DocumentPart)p).Text));
            writer.WriteString("output"u8, result.IsError ? (text.Length == 0 ? "Error" : "Error: " + text) : text);
        }
        else
        {
            writer.WriteStartArray("output"u8);
            if (result.IsError)
            {
                writer.WriteStartObject();
                writer.WriteString("type"u8, "input_text"u8);
                writer.WriteString("text"u8, "Error"u8);
                writer.WriteEndObject();
            }

            for (var j = 0; j < result.Content.Count; j++)
            {
                WriteInputPart(writer, result.Content[j], messageIndex, j, textOnly: false);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes <c>data:&lt;mediaType&gt;;base64,&lt;data&gt;</c> as one JSON string without concatenating.</summary>
    private static void WriteDataUrl(Utf8JsonWriter writer, ReadOnlySpan<byte> propertyName, string mediaType, string data)
    {
        writer.WritePropertyName(propertyName);
        writer.WriteStringValueSegment("data:", isFinalSegment: false);
        writer.WriteStringValueSegment(mediaType, isFinalSegment: false);
        writer.WriteStringValueSegment(";base64,", isFinalSegment: false);
        writer.WriteStringValueSegment(data, isFinalSegment: true);
    }
}
