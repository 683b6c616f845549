using System.Text.Json;
using LlmGateway.Http;
using LlmGateway.Translation;

namespace LlmGateway.Tests.Unit.Protocols.OpenAI.Reference;

internal static partial class ReferenceChatDecoder
{
    /// <summary>Appends the message's <c>content</c> (a string or an array of parts) to <paramref name="parts"/>.</summary>
    private static List<ContentPart> DecodeContent(JsonElement message, int i, PartsAllowed allowed, bool required, List<ContentPart> parts)
    {
        if (!message.TryGetProperty("content"u8, out var content) || content.ValueKind == JsonValueKind.Null)
        {
            return required ? throw Missing(new ParamPath("messages[{0}].content", i)) : parts;
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            AddText(parts, content.GetString()!);
            return parts;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            throw InvalidType(new ParamPath("messages[{0}].content", i), "a string or an array of content parts");
        }

        var j = 0;
        foreach (var part in content.EnumerateArray())
        {
            DecodePart(part, i, j, allowed, parts);
            j++;
        }

        return parts;
    }

    /// <summary>Empty text carries nothing and some targets reject it: it is left out.</summary>
    private static void AddText(List<ContentPart> parts, string text)
    {
        if (text.Length > 0)
        {
            parts.Add(new TextPart(text));
        }
    }

    private static void DecodePart(JsonElement part, int i, int j, PartsAllowed allowed, List<ContentPart> parts)
    {
        if (part.ValueKind != JsonValueKind.Object || !part.TryGetProperty("type"u8, out var type) || type.ValueKind != JsonValueKind.String)
        {
            throw Missing(new ParamPath("messages[{0}].content[{1}].type", i, j));
        }

        if (type.ValueEquals("text"u8) || (allowed == PartsAllowed.Assistant && type.ValueEquals("refusal"u8)))
        {
            var property = type.ValueEquals("text"u8) ? "text" : "refusal";
            if (!part.TryGetProperty(property, out var text) || text.ValueKind != JsonValueKind.String)
            {
                throw Missing(new ParamPath(property == "text" ? "messages[{0}].content[{1}].text" : "messages[{0}].content[{1}].refusal", i, j));
            }

            AddText(parts, text.GetString()!);
            return;
        }

        if (allowed == PartsAllowed.User)
        {
            if (type.ValueEquals("image_url"u8))
            {
                parts.Add(DecodeImage(part, i, j));
                return;
            }

            if (type.ValueEquals("file"u8))
            {
                parts.Add(DecodeFile(part, i, j));
                return;
            }

            if (type.ValueEquals("input_audio"u8))
            {
                throw Invalid($"Audio input in 'messages[{i}].content[{j}]' cannot be translated for this model's upstream.", new ParamPath("messages[{0}].content[{1}]", i, j), "unsupported_value");
            }
        }

        throw Invalid($"Invalid value for 'messages[{i}].content[{j}].type': '{type.GetString()}' is not supported in this message.", new ParamPath("messages[{0}].content[{1}].type", i, j));
    }

    private static ImagePart DecodeImage(JsonElement part, int i, int j)
    {
        string? detail = null;
        if (!part.TryGetProperty("image_url"u8, out var image))
        {
            throw Missing(new ParamPath("messages[{0}].content[{1}].image_url", i, j));
        }

        var url = image;
        if (image.ValueKind == JsonValueKind.Object)
        {
            if (!image.TryGetProperty("url"u8, out url))
            {
                throw Missing(new ParamPath("messages[{0}].content[{1}].image_url.url", i, j));
            }

            detail = image.TryGetProperty("detail"u8, out var detailValue) ? OptionalString(detailValue, new ParamPath("messages[{0}].content[{1}].image_url.detail", i, j)) : null;
        }

        if (url.ValueKind != JsonValueKind.String)
        {
            throw InvalidType(new ParamPath("messages[{0}].content[{1}].image_url", i, j), "an object with a string 'url'");
        }

        return TryParseDataUri(url, new ParamPath("messages[{0}].content[{1}].image_url", i, j), out var mediaType, out var data)
            ? new ImagePart { MediaType = mediaType, Data = data, Detail = detail }
            : new ImagePart { Url = url.GetString(), Detail = detail };
    }

    private static DocumentPart DecodeFile(JsonElement part, int i, int j)
    {
        if (!part.TryGetProperty("file"u8, out var file) || file.ValueKind != JsonValueKind.Object)
        {
            throw Missing(new ParamPath("messages[{0}].content[{1}].file", i, j));
        }

        if (file.TryGetProperty("file_id"u8, out var fileId) && fileId.ValueKind != JsonValueKind.Null)
        {
            throw Invalid($"Uploaded files ('file_id' in 'messages[{i}].content[{j}]') cannot be translated: send the file inline as 'file_data'.", new ParamPath("messages[{0}].content[{1}]", i, j), "unsupported_value");
        }

        if (!file.TryGetProperty("file_data"u8, out var fileData) || fileData.ValueKind != JsonValueKind.String)
        {
            throw Missing(new ParamPath("messages[{0}].content[{1}].file.file_data", i, j));
        }

        var param = new ParamPath("messages[{0}].content[{1}].file.file_data", i, j);
        if (!TryParseDataUri(fileData, param, out var mediaType, out var data))
        {
            throw Invalid($"Invalid '{param}': expected a base64 data URL (data:application/pdf;base64,...).", param);
        }

        var title = file.TryGetProperty("filename"u8, out var filename) ? OptionalString(filename, new ParamPath("messages[{0}].content[{1}].file.filename", i, j)) : null;
        return new DocumentPart { MediaType = mediaType, Data = data, Title = title };
    }
}
