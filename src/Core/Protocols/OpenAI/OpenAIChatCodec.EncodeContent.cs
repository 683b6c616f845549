using System.Text.Json;
using LlmGateway.Translation;

namespace LlmGateway.Protocols.OpenAI;

internal static partial class OpenAIChatCodec
{
    private static void WriteUserPart(Utf8JsonWriter writer, ContentPart part, int i, int j)
    {
        writer.WriteStartObject();
        switch (part)
        {
            case ImagePart image:
                writer.WriteString("type"u8, "image_url"u8);
                writer.WriteStartObject("image_url"u8);
                if (image.Data is { } imageData)
                {
                    WriteDataUri(writer, "url"u8, image.MediaType ?? "application/octet-stream", imageData);
                }
                else
                {
                    writer.WriteString("url"u8, image.Url ?? throw UnsupportedPart(i, j, "the image has neither a URL nor data"));
                }

                if (image.Detail is { } detail)
                {
                    writer.WriteString("detail"u8, detail);
                }

                writer.WriteEndObject();
                break;
            case DocumentPart { Data: { } data } document:
                var mediaType = document.MediaType ?? "application/pdf";
                writer.WriteString("type"u8, "file"u8);
                writer.WriteStartObject("file"u8);
                writer.WriteString("filename"u8, document.Title ?? (mediaType == "application/pdf" ? "document.pdf" : "document"));
                WriteDataUri(writer, "file_data"u8, mediaType, data);
                writer.WriteEndObject();
                break;
            case DocumentPart { Url: not null, Text: null }:
                throw UnsupportedPart(i, j, "documents by URL cannot be sent; send the file inline as base64");
            default:
                writer.WriteString("type"u8, "text"u8);
                writer.WriteString("text"u8, TextOf(part) ?? throw UnsupportedPart(i, j, "a user message can only hold text, images and documents"));
                break;
        }

        writer.WriteEndObject();
    }

    /// <summary>
    /// <c>content</c> from the text parts of <paramref name="parts"/> (<paramref name="texts"/> of them): one as a
    /// string, several as text parts, none as <c>null</c> or <c>""</c>. An error result starts with <c>Error: </c>.
    /// </summary>
    private static void WriteTextContent(Utf8JsonWriter writer, List<ContentPart> parts, int texts, bool isError, bool emptyIsNull)
    {
        writer.WritePropertyName("content"u8);
        if (texts == 0)
        {
            if (emptyIsNull)
            {
                writer.WriteNullValue();
            }
            else
            {
                writer.WriteStringValue(isError ? "Error" : string.Empty);
            }

            return;
        }

        if (texts > 1)
        {
            writer.WriteStartArray();
        }

        var first = true;
        foreach (var part in parts)
        {
            if (TextOf(part) is not { } text)
            {
                continue;
            }

            if (texts > 1)
            {
                writer.WriteStartObject();
                writer.WriteString("type"u8, "text"u8);
                writer.WritePropertyName("text"u8);
            }

            if (first && isError)
            {
                writer.WriteStringValueSegment("Error: ", isFinalSegment: false);
                writer.WriteStringValueSegment(text, isFinalSegment: true);
            }
            else
            {
                writer.WriteStringValue(text);
            }

            first = false;
            if (texts > 1)
            {
                writer.WriteEndObject();
            }
        }

        if (texts > 1)
        {
            writer.WriteEndArray();
        }
    }
}
