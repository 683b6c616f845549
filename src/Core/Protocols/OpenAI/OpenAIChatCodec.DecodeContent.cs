using System.Text;
using System.Text.Json;
using LlmGateway.Json;
using LlmGateway.Translation;

namespace LlmGateway.Protocols.OpenAI;

internal static partial class OpenAIChatCodec
{
    /// <summary>A message's <c>content</c> (a string or an array of parts) as parts; null when it is absent or null and not <paramref name="required"/>.</summary>
    private static List<ContentPart>? ContentOf(in DeferredParts content, ReadOnlySpan<byte> body, int i, PartsAllowed allowed, bool required)
    {
        switch (content.Value.TokenType)
        {
            case JsonTokenType.None or JsonTokenType.Null:
                return required ? throw Missing(new ParamPath("messages[{0}].content", i)) : null;
            case JsonTokenType.String:
                var parts = new List<ContentPart>(1);
                AddText(parts, content.Value.GetString(body));
                return parts;
            case JsonTokenType.StartArray:
                return PartsOf(content, body, i, allowed, DecodeParts);
            default:
                throw InvalidType(new ParamPath("messages[{0}].content", i), "a string or an array of content parts");
        }
    }

    /// <summary>An array of content parts (the reader is on its start and ends on its end).</summary>
    private static void DecodeParts(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, int i, PartsAllowed allowed, List<ContentPart> parts)
    {
        var j = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var part = default(PartFields);
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                ReadPart(ref reader, ref part);
            }
            else
            {
                reader.Skip();
            }

            DecodePart(part, body, i, j, allowed, parts);
            j++;
        }
    }

    /// <summary>Empty text carries nothing and some targets reject it: it is left out.</summary>
    private static void AddText(List<ContentPart> parts, string text)
    {
        if (text.Length > 0)
        {
            parts.Add(new TextPart(text));
        }
    }

    private static void DecodePart(in PartFields part, ReadOnlySpan<byte> body, int i, int j, PartsAllowed allowed, List<ContentPart> parts)
    {
        var type = part.Type;
        if (type.TokenType != JsonTokenType.String)
        {
            throw Missing(new ParamPath("messages[{0}].content[{1}].type", i, j));
        }

        var isText = type.ValueEquals(body, "text"u8);
        if (isText || (allowed == PartsAllowed.Assistant && type.ValueEquals(body, "refusal"u8)))
        {
            var text = isText ? part.Text : part.Refusal;
            if (text.TokenType != JsonTokenType.String)
            {
                throw Missing(new ParamPath(isText ? "messages[{0}].content[{1}].text" : "messages[{0}].content[{1}].refusal", i, j));
            }

            AddText(parts, text.GetString(body));
            return;
        }

        if (allowed == PartsAllowed.User)
        {
            if (type.ValueEquals(body, "image_url"u8))
            {
                parts.Add(DecodeImage(part, body, i, j));
                return;
            }

            if (type.ValueEquals(body, "file"u8))
            {
                parts.Add(DecodeFile(part, body, i, j));
                return;
            }

            if (type.ValueEquals(body, "input_audio"u8))
            {
                throw Invalid($"Audio input in 'messages[{i}].content[{j}]' cannot be translated for this model's upstream.", new ParamPath("messages[{0}].content[{1}]", i, j), "unsupported_value");
            }
        }

        throw Invalid($"Invalid value for 'messages[{i}].content[{j}].type': '{type.GetString(body)}' is not supported in this message.", new ParamPath("messages[{0}].content[{1}].type", i, j));
    }

    /// <summary>Collects a part's fields (the reader is on its start and ends on its end); the last of a name wins.</summary>
    private static void ReadPart(ref Utf8JsonReader reader, ref PartFields part)
    {
        Span<byte> buffer = stackalloc byte[NameBufferLength];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            ReadOnlySpan<byte> name = reader.ValueIsEscaped ? buffer[..Unescape(ref reader, buffer)] : reader.ValueSpan;
            var field = name.Length switch
            {
                4 when name.SequenceEqual("type"u8) => 1,
                4 when name.SequenceEqual("text"u8) => 2,
                7 when name.SequenceEqual("refusal"u8) => 3,
                9 when name.SequenceEqual("image_url"u8) => 4,
                4 when name.SequenceEqual("file"u8) => 5,
                _ => 0,
            };
            reader.Read();
            switch (field)
            {
                case 1:
                    part.Type = JsonSlice.At(ref reader);
                    break;
                case 2:
                    part.Text = JsonSlice.At(ref reader);
                    break;
                case 3:
                    part.Refusal = JsonSlice.At(ref reader);
                    break;
                case 4:
                    part.Image = JsonSlice.At(ref reader);
                    part.ImageUrl = part.ImageDetail = default;
                    while (part.Image.TokenType == JsonTokenType.StartObject && reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var member = reader.ValueTextEquals("url"u8) ? 1 : reader.ValueTextEquals("detail"u8) ? 2 : 0;
                        reader.Read();
                        if (member == 1)
                        {
                            part.ImageUrl = JsonSlice.At(ref reader);
                        }
                        else if (member == 2)
                        {
                            part.ImageDetail = JsonSlice.At(ref reader);
                        }

                        reader.Skip();
                    }

                    break;
                case 5:
                    part.File = reader.TokenType;
                    part.FileId = JsonTokenType.None;
                    part.FileData = part.FileName = default;
                    while (part.File == JsonTokenType.StartObject && reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var member = reader.ValueTextEquals("file_id"u8) ? 1 : reader.ValueTextEquals("file_data"u8) ? 2 : reader.ValueTextEquals("filename"u8) ? 3 : 0;
                        reader.Read();
                        if (member == 1)
                        {
                            part.FileId = reader.TokenType;
                        }
                        else if (member == 2)
                        {
                            part.FileData = JsonSlice.At(ref reader);
                        }
                        else if (member == 3)
                        {
                            part.FileName = JsonSlice.At(ref reader);
                        }

                        reader.Skip();
                    }

                    break;
            }

            reader.Skip();
        }
    }

    private static ImagePart DecodeImage(in PartFields part, ReadOnlySpan<byte> body, int i, int j)
    {
        if (part.Image.TokenType == JsonTokenType.None)
        {
            throw Missing(new ParamPath("messages[{0}].content[{1}].image_url", i, j));
        }

        string? detail = null;
        var url = part.Image;
        if (part.Image.TokenType == JsonTokenType.StartObject)
        {
            if (part.ImageUrl.TokenType == JsonTokenType.None)
            {
                throw Missing(new ParamPath("messages[{0}].content[{1}].image_url.url", i, j));
            }

            url = part.ImageUrl;
            detail = OptionalString(part.ImageDetail, body, new ParamPath("messages[{0}].content[{1}].image_url.detail", i, j));
        }

        if (url.TokenType != JsonTokenType.String)
        {
            throw InvalidType(new ParamPath("messages[{0}].content[{1}].image_url", i, j), "an object with a string 'url'");
        }

        return TryParseDataUri(url, body, new ParamPath("messages[{0}].content[{1}].image_url", i, j), out var mediaType, out var data)
            ? new ImagePart { MediaType = mediaType, Data = data, Detail = detail }
            : new ImagePart { Url = url.GetString(body), Detail = detail };
    }

    private static DocumentPart DecodeFile(in PartFields part, ReadOnlySpan<byte> body, int i, int j)
    {
        if (part.File != JsonTokenType.StartObject)
        {
            throw Missing(new ParamPath("messages[{0}].content[{1}].file", i, j));
        }

        if (!IsNullOrAbsent(part.FileId))
        {
            throw Invalid($"Uploaded files ('file_id' in 'messages[{i}].content[{j}]') cannot be translated: send the file inline as 'file_data'.", new ParamPath("messages[{0}].content[{1}]", i, j), "unsupported_value");
        }

        if (part.FileData.TokenType != JsonTokenType.String)
        {
            throw Missing(new ParamPath("messages[{0}].content[{1}].file.file_data", i, j));
        }

        var param = new ParamPath("messages[{0}].content[{1}].file.file_data", i, j);
        if (!TryParseDataUri(part.FileData, body, param, out var mediaType, out var data))
        {
            throw Invalid($"Invalid '{param}': expected a base64 data URL (data:application/pdf;base64,...).", param);
        }

        var title = OptionalString(part.FileName, body, new ParamPath("messages[{0}].content[{1}].file.filename", i, j));
        return new DocumentPart { MediaType = mediaType, Data = data, Title = title };
    }

    /// <summary>
    /// Splits a <c>data:&lt;media type&gt;[;params];base64,&lt;data&gt;</c> URL (a string value). Returns false for
    /// any other URL; throws a 400 naming <paramref name="param"/> for a data URL that is not base64. Reads the raw
    /// UTF-8 so a large payload is copied once.
    /// </summary>
    private static bool TryParseDataUri(JsonSlice value, ReadOnlySpan<byte> body, ParamPath param, out string mediaType, out string data)
    {
        // Escaped characters in the JSON text: unescape first (rare).
        var raw = value.IsEscaped ? Encoding.UTF8.GetBytes(value.GetString(body)) : value.Unquoted(body);
        mediaType = data = string.Empty;
        if (!raw.StartsWith("data:"u8))
        {
            return false;
        }

        var comma = raw.IndexOf((byte)',');
        var header = comma < 0 ? raw : raw[5..comma];
        if (comma < 0 || !header.EndsWith(";base64"u8))
        {
            throw Invalid($"Invalid '{param}': only base64 data URLs (data:<media type>;base64,<data>) are supported.", param);
        }

        header = header[..^7];
        var semicolon = header.IndexOf((byte)';');
        header = semicolon >= 0 ? header[..semicolon] : header;
        if (header.IsEmpty)
        {
            throw Invalid($"Invalid '{param}': the data URL has no media type.", param);
        }

        mediaType = Encoding.UTF8.GetString(header);
        data = Encoding.UTF8.GetString(raw[(comma + 1)..]);
        return true;
    }

    /// <summary>The fields of a content part the decoder looks at; the last of a name wins.</summary>
    private struct PartFields
    {
        public JsonSlice Type;
        public JsonSlice Text;
        public JsonSlice Refusal;
        public JsonSlice Image;
        public JsonSlice ImageUrl;
        public JsonSlice ImageDetail;
        public JsonTokenType File;
        public JsonTokenType FileId;
        public JsonSlice FileData;
        public JsonSlice FileName;
    }
}
