using System.Text;
using System.Text.Json;
using LlmGateway.Translation;

namespace LlmGateway.Protocols.Responses;

/// <summary>A client's Responses request → canonical: <c>input</c>, as a string or as items.</summary>
internal static partial class ResponsesCodec
{
    /// <summary>
    /// Messages keep their roles (user, assistant, system, developer); <c>reasoning</c>, assistant <c>message</c> and
    /// <c>function_call</c> items in a row form one assistant message (as Chat Completions and Anthropic need a turn's
    /// tool calls together); each <c>function_call_output</c> is a tool message paired by <c>call_id</c>. Items only
    /// OpenAI can resolve (<c>item_reference</c>, <c>compaction</c>, files by id, results of built-in tools) are a
    /// 400 naming the item.
    /// </summary>
    private static void DecodeInput(JsonElement input, List<CanonicalMessage> messages)
    {
        switch (input.ValueKind)
        {
            case JsonValueKind.Undefined or JsonValueKind.Null:
                throw Missing("input");
            case JsonValueKind.String:
                messages.Add(new CanonicalMessage(ChatRole.User, [new TextPart(input.GetString()!)]));
                return;
            case JsonValueKind.Array:
                break;
            default:
                throw InvalidType("input", "a string or an array of items");
        }

        CanonicalMessage? assistant = null;
        var i = 0;
        foreach (var item in input.EnumerateArray())
        {
            var path = new At("input", i++);
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw InvalidType(path.ToString(), "an object");
            }

            var type = OptionalString(item, "type"u8, path, "type") ?? "message";
            switch (type)
            {
                case "message":
                    var message = DecodeMessage(item, path);
                    if (message.Role == ChatRole.Assistant)
                    {
                        Assistant(messages, ref assistant).Parts.AddRange(message.Parts);
                    }
                    else
                    {
                        assistant = null;
                        messages.Add(message);
                    }

                    break;
                case "function_call":
                    Assistant(messages, ref assistant).Parts.Add(new ToolCallPart(
                        RequiredString(item, "call_id"u8, path, "call_id"),
                        RequiredString(item, "name"u8, path, "name"),
                        OptionalString(item, "arguments"u8, path, "arguments") ?? "{}"));
                    break;
                case "reasoning":
                    if (DecodeReasoningItem(item, path) is { } reasoning)
                    {
                        Assistant(messages, ref assistant).Parts.Add(reasoning);
                    }

                    break;
                case "function_call_output":
                    assistant = null;
                    messages.Add(new CanonicalMessage(ChatRole.Tool, [DecodeToolOutput(item, path)]));
                    break;
                case "item_reference":
                    throw BadRequest($"'{path}' refers to a stored item; the gateway stores nothing: send the item itself.", path.ToString(), "unsupported_value");
                case "compaction":
                    throw new Http.GatewayErrorException(Http.GatewayError.Unsupported(path.ToString(), OtherTarget,
                        "a compaction item holds OpenAI's encrypted context, which only an OpenAI Responses upstream can read"));
                default:
                    throw new Http.GatewayErrorException(Http.GatewayError.Unsupported(path.ToString(), OtherTarget,
                        $"'{type}' items are calls or results of OpenAI's built-in tools, which only an OpenAI Responses upstream can run"));
            }
        }
    }

    /// <summary>The assistant message that consecutive assistant-side items join, started on the first of them.</summary>
    private static CanonicalMessage Assistant(List<CanonicalMessage> messages, ref CanonicalMessage? assistant)
    {
        if (assistant is null)
        {
            assistant = new CanonicalMessage(ChatRole.Assistant, []);
            messages.Add(assistant);
        }

        return assistant;
    }

    private static CanonicalMessage DecodeMessage(JsonElement item, At path)
    {
        var roleName = RequiredString(item, "role"u8, path, "role");
        ChatRole role = roleName switch
        {
            "user" => ChatRole.User,
            "assistant" => ChatRole.Assistant,
            "system" => ChatRole.System,
            "developer" => ChatRole.Developer,
            _ => throw BadRequest($"Invalid value for '{path}.role': expected 'user', 'assistant', 'system' or 'developer'.", path.Field("role")),
        };
        if (!item.TryGetProperty("content"u8, out var content) || content.ValueKind == JsonValueKind.Null)
        {
            throw Missing(path.Field("content"));
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return new CanonicalMessage(role, [new TextPart(content.GetString()!)]);
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            throw InvalidType(path.Field("content"), "a string or an array of content parts");
        }

        var parts = new List<ContentPart>(content.GetArrayLength());
        var j = 0;
        foreach (var part in content.EnumerateArray())
        {
            var partPath = path.Part("content", j++);
            parts.Add(DecodePart(part, partPath, role));
        }

        return new CanonicalMessage(role, parts);
    }

    /// <summary>
    /// <c>input_text</c>, <c>output_text</c> and <c>refusal</c> → text; <c>input_image</c> and <c>input_file</c> (user and
    /// tool output only) → image and document. Files and images by <c>file_id</c> live in OpenAI's file store: 400.
    /// </summary>
    private static ContentPart DecodePart(JsonElement part, At path, ChatRole role)
    {
        if (part.ValueKind != JsonValueKind.Object)
        {
            throw InvalidType(path.ToString(), "an object");
        }

        var type = RequiredString(part, "type"u8, path, "type");
        switch (type)
        {
            case "input_text" or "output_text" or "text":
                return new TextPart(RequiredString(part, "text"u8, path, "text"));
            case "refusal":
                return new TextPart(RequiredString(part, "refusal"u8, path, "refusal"));
            case "input_image" when role is ChatRole.User or ChatRole.Tool:
                return DecodeImage(part, path);
            case "input_file" when role is ChatRole.User or ChatRole.Tool:
                return DecodeFile(part, path);
            case "input_image" or "input_file":
                throw BadRequest($"'{path}': a {RoleName(role)} message can hold only text.", path.ToString(), "unsupported_value");
            default:
                throw BadRequest($"Content parts of type '{type}' in '{path}' cannot be translated for this model's provider.", path.ToString(), "unsupported_value");
        }
    }

    private static ImagePart DecodeImage(JsonElement part, At path)
    {
        var detail = OptionalString(part, "detail"u8, path, "detail");
        var url = OptionalString(part, "image_url"u8, path, "image_url");
        if (url is null)
        {
            throw part.TryGetProperty("file_id"u8, out _)
                ? BadRequest($"'{path}.file_id' refers to OpenAI's file store; send the image as 'image_url' (a URL or a data URL).", path.Field("file_id"), "unsupported_value")
                : Missing(path.Field("image_url"));
        }

        return TrySplitDataUrl(url, out var mediaType, out var data)
            ? new ImagePart { MediaType = mediaType, Data = data, Detail = detail }
            : new ImagePart { Url = url, Detail = detail };
    }

    private static DocumentPart DecodeFile(JsonElement part, At path)
    {
        var filename = OptionalString(part, "filename"u8, path, "filename");
        if (OptionalString(part, "file_data"u8, path, "file_data") is { } fileData)
        {
            // file_data is a data URL; bare base64 is taken as a PDF, OpenAI's usual file input.
            return TrySplitDataUrl(fileData, out var mediaType, out var data)
                ? new DocumentPart { MediaType = mediaType, Data = data, Title = filename }
                : new DocumentPart { MediaType = "application/pdf", Data = fileData, Title = filename };
        }

        if (OptionalString(part, "file_url"u8, path, "file_url") is { } fileUrl)
        {
            return new DocumentPart { Url = fileUrl, Title = filename };
        }

        throw part.TryGetProperty("file_id"u8, out _)
            ? BadRequest($"'{path}.file_id' refers to OpenAI's file store; send the file as 'file_data' (a data URL).", path.Field("file_id"), "unsupported_value")
            : Missing(path.Field("file_data"));
    }

    /// <summary><c>output</c> as a string, or as <c>input_text</c>/<c>input_image</c>/<c>input_file</c> parts.</summary>
    private static ToolResultPart DecodeToolOutput(JsonElement item, At path)
    {
        var callId = RequiredString(item, "call_id"u8, path, "call_id");
        if (!item.TryGetProperty("output"u8, out var output))
        {
            throw Missing(path.Field("output"));
        }

        var content = new List<ContentPart>();
        switch (output.ValueKind)
        {
            case JsonValueKind.String:
                if (output.GetString() is { Length: > 0 } text)
                {
                    content.Add(new TextPart(text));
                }

                break;
            case JsonValueKind.Array:
                var j = 0;
                foreach (var part in output.EnumerateArray())
                {
                    content.Add(DecodePart(part, path.Part("output", j++), ChatRole.Tool));
                }

                break;
            default:
                throw InvalidType(path.Field("output"), "a string or an array of content parts");
        }

        return new ToolResultPart(callId, content, isError: false);
    }

    /// <summary>
    /// A replayed <c>reasoning</c> item: its summary (or, without one, its <c>reasoning_text</c> content) as text and its
    /// <c>encrypted_content</c> as the provenance-carrying signature (<see cref="ReasoningEnvelope"/>). An item with
    /// neither text nor encrypted content carries nothing: null.
    /// </summary>
    private static ReasoningPart? DecodeReasoningItem(JsonElement item, At path)
    {
        var text = JoinTexts(item, "summary"u8, path, "summary") ?? JoinTexts(item, "content"u8, path, "content") ?? "";
        var encrypted = OptionalString(item, "encrypted_content"u8, path, "encrypted_content");
        if (encrypted is null)
        {
            return text.Length == 0 ? null : new ReasoningPart(text);
        }

        return ReasoningEnvelope.Open(encrypted, text)
            ?? throw BadRequest($"'{path}.encrypted_content' is not reasoning this gateway produced.", path.Field("encrypted_content"));
    }

    /// <summary>The <c>text</c> of each part of an array member, joined by blank lines; null when there is none.</summary>
    private static string? JoinTexts(JsonElement item, ReadOnlySpan<byte> name, At at, string field)
    {
        if (!item.TryGetProperty(name, out var parts) || parts.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (parts.ValueKind != JsonValueKind.Array)
        {
            throw InvalidType(at.Field(field), "an array");
        }

        StringBuilder? joined = null;
        foreach (var part in parts.EnumerateArray())
        {
            if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text"u8, out var text) && text.ValueKind == JsonValueKind.String)
            {
                (joined ??= new StringBuilder()).Append(joined.Length > 0 ? "\n\n" : "").Append(text.GetString());
            }
        }

        return joined?.ToString();
    }

    /// <summary>Splits <c>data:&lt;media type&gt;[;params];base64,&lt;data&gt;</c>; false for any other URL.</summary>
    private static bool TrySplitDataUrl(string url, out string mediaType, out string data)
    {
        mediaType = data = "";
        if (!url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var marker = url.IndexOf(";base64,", StringComparison.OrdinalIgnoreCase);
        if (marker <= 5)
        {
            return false;
        }

        var header = url.AsSpan(5, marker - 5);
        var semicolon = header.IndexOf(';');
        mediaType = (semicolon >= 0 ? header[..semicolon] : header).ToString();
        data = url[(marker + 8)..];
        return true;
    }

    private static string RoleName(ChatRole role) => role switch
    {
        ChatRole.System => "system",
        ChatRole.Developer => "developer",
        ChatRole.Assistant => "assistant",
        ChatRole.Tool => "tool",
        _ => "user",
    };
}
