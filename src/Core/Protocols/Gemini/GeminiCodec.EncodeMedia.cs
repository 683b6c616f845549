using System.Text;
using System.Text.Json;
using LlmGateway.Translation;

namespace LlmGateway.Protocols.Gemini;

/// <summary>Canonical images and documents → Gemini <c>inlineData</c> / <c>fileData</c> parts.</summary>
internal static partial class GeminiCodec
{
    /// <summary>Base64 data (or a <c>data:</c> URL) → <c>inlineData</c>; any other URL → <c>fileData{fileUri}</c>.</summary>
    private static void WriteImage(Utf8JsonWriter writer, ImagePart image, int messageIndex)
    {
        writer.WriteStartObject();
        if (image.Data is { } data)
        {
            WriteInline(writer, image.MediaType ?? throw BadRequest("An inline image needs its media type.", Path("messages", messageIndex) + ".content"), data);
        }
        else
        {
            WriteUrl(writer, image.Url, image.MediaType, isImage: true, messageIndex);
        }

        WriteSignature(writer, image.ThoughtSignature);
        writer.WriteEndObject();
    }

    /// <summary>
    /// A PDF's data → <c>inlineData</c>; a plain-text document → <c>inlineData</c> of its media type (text/plain by
    /// default) with the text in base64; a URL → <c>fileData</c>. Gemini has no place for a title: it is left out.
    /// </summary>
    private static void WriteDocument(Utf8JsonWriter writer, DocumentPart document, int messageIndex)
    {
        writer.WriteStartObject();
        if (document.Data is { } data)
        {
            WriteInline(writer, document.MediaType ?? "application/pdf", data);
        }
        else if (document.Text is { } text)
        {
            writer.WriteStartObject("inlineData"u8);
            writer.WriteString("mimeType"u8, document.MediaType ?? "text/plain");
            writer.WriteBase64String("data"u8, Encoding.UTF8.GetBytes(text));
            writer.WriteEndObject();
        }
        else
        {
            WriteUrl(writer, document.Url, document.MediaType, isImage: false, messageIndex);
        }

        WriteSignature(writer, document.ThoughtSignature);
        writer.WriteEndObject();
    }

    private static void WriteInline(Utf8JsonWriter writer, string mimeType, string data)
    {
        writer.WriteStartObject("inlineData"u8);
        writer.WriteString("mimeType"u8, mimeType);
        writer.WriteString("data"u8, data);
        writer.WriteEndObject();
    }

    private static void WriteUrl(Utf8JsonWriter writer, string? url, string? mediaType, bool isImage, int messageIndex)
    {
        if (string.IsNullOrEmpty(url))
        {
            throw BadRequest("An image or document needs its data or a URL.", Path("messages", messageIndex) + ".content");
        }

        if (url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            var marker = url.IndexOf(";base64,", StringComparison.OrdinalIgnoreCase);
            if (marker <= 5)
            {
                throw BadRequest("Only base64 data URLs (data:<media type>;base64,<data>) can be sent to Gemini.", Path("messages", messageIndex) + ".content");
            }

            writer.WriteStartObject("inlineData"u8);
            writer.WriteString("mimeType"u8, url.AsSpan(5, marker - 5));
            writer.WriteString("data"u8, url.AsSpan(marker + 8));
            writer.WriteEndObject();
            return;
        }

        writer.WriteStartObject("fileData"u8);
        writer.WriteString("mimeType"u8, mediaType ?? GuessMediaType(url, isImage));
        writer.WriteString("fileUri"u8, url);
        writer.WriteEndObject();
    }

    /// <summary>Gemini needs a media type with a file URL: from the URL's extension, else JPEG for images and PDF for documents.</summary>
    private static string GuessMediaType(string url, bool isImage)
    {
        var end = url.IndexOfAny(['?', '#']);
        var path = end < 0 ? url.AsSpan() : url.AsSpan(0, end);
        var dot = path.LastIndexOf('.');
        var extension = dot < 0 || path.Length - dot > 6 ? default : path[(dot + 1)..];
        return extension switch
        {
            _ when extension.Equals("png", StringComparison.OrdinalIgnoreCase) => "image/png",
            _ when extension.Equals("gif", StringComparison.OrdinalIgnoreCase) => "image/gif",
            _ when extension.Equals("webp", StringComparison.OrdinalIgnoreCase) => "image/webp",
            _ when extension.Equals("heic", StringComparison.OrdinalIgnoreCase) => "image/heic",
            _ when extension.Equals("heif", StringComparison.OrdinalIgnoreCase) => "image/heif",
            _ when extension.Equals("jpg", StringComparison.OrdinalIgnoreCase) || extension.Equals("jpeg", StringComparison.OrdinalIgnoreCase) => "image/jpeg",
            _ when extension.Equals("pdf", StringComparison.OrdinalIgnoreCase) => "application/pdf",
            _ when extension.Equals("txt", StringComparison.OrdinalIgnoreCase) => "text/plain",
            _ when extension.Equals("md", StringComparison.OrdinalIgnoreCase) => "text/markdown",
            _ => isImage ? "image/jpeg" : "application/pdf",
        };
    }
}
