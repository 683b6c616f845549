using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LlmGateway.Translation;

namespace LlmGateway.Protocols.Anthropic;

/// <summary>Canonical parts → Anthropic content blocks.</summary>
internal static partial class AnthropicCodec
{
    private static void WriteText(Utf8JsonWriter writer, TextPart text)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, "text"u8);
        writer.WriteString("text"u8, text.Text);
        WriteCacheControl(writer, text.CacheControl);
        writer.WriteEndObject();
    }

    private static void WriteReasoning(Utf8JsonWriter writer, ReasoningPart reasoning)
    {
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
            writer.WriteString("signature"u8, reasoning.Signature);
        }

        writer.WriteEndObject();
    }

    private static void WriteImage(Utf8JsonWriter writer, ImagePart image, int messageIndex)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, "image"u8);
        writer.WriteStartObject("source"u8);
        if (image.Data is { } data)
        {
            writer.WriteString("type"u8, "base64"u8);
            writer.WriteString("media_type"u8, image.MediaType
                ?? throw BadRequest("An inline image needs its media type.", Path("messages", messageIndex) + ".content"));
            writer.WriteString("data"u8, data);
        }
        else
        {
            WriteUrlSource(writer, image.Url, messageIndex);
        }

        writer.WriteEndObject();
        WriteCacheControl(writer, image.CacheControl);
        writer.WriteEndObject();
    }

    private static void WriteDocument(Utf8JsonWriter writer, DocumentPart document, int messageIndex)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, "document"u8);
        writer.WriteStartObject("source"u8);
        if (document.Data is { } data && document.MediaType is { } mediaType && mediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase))
        {
            // Anthropic's base64 documents are PDFs; a text file travels as a text source.
            writer.WriteString("type"u8, "text"u8);
            writer.WriteString("media_type"u8, "text/plain"u8);
            writer.WriteString("data"u8, DecodeBase64Text(data, messageIndex));
        }
        else if (document.Data is { } pdf)
        {
            writer.WriteString("type"u8, "base64"u8);
            writer.WriteString("media_type"u8, document.MediaType ?? "application/pdf");
            writer.WriteString("data"u8, pdf);
        }
        else if (document.Text is { } text)
        {
            writer.WriteString("type"u8, "text"u8);
            writer.WriteString("media_type"u8, "text/plain"u8);
            writer.WriteString("data"u8, text);
        }
        else
        {
            WriteUrlSource(writer, document.Url, messageIndex);
        }

        writer.WriteEndObject();
        if (document.Title is { } title)
        {
            writer.WriteString("title"u8, title);
        }

        WriteCacheControl(writer, document.CacheControl);
        writer.WriteEndObject();
    }

    /// <summary>An http(s) URL as a <c>url</c> source, a <c>data:</c> URL as the base64 source it holds.</summary>
    private static void WriteUrlSource(Utf8JsonWriter writer, string? url, int messageIndex)
    {
        if (url is not null && url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            var marker = url.IndexOf(";base64,", StringComparison.OrdinalIgnoreCase);
            if (marker > 5)
            {
                writer.WriteString("type"u8, "base64"u8);
                writer.WriteString("media_type"u8, url.AsSpan(5, marker - 5));
                writer.WriteString("data"u8, url.AsSpan(marker + 8));
                return;
            }
        }
        else if (url is not null
            && (url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("http://", StringComparison.OrdinalIgnoreCase)))
        {
            writer.WriteString("type"u8, "url"u8);
            writer.WriteString("url"u8, url);
            return;
        }

        throw BadRequest("Anthropic takes images and documents as base64 data or http(s) URLs.", Path("messages", messageIndex) + ".content");
    }

    private static string DecodeBase64Text(string data, int messageIndex)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(data));
        }
        catch (FormatException)
        {
            throw BadRequest("A text document's data is not valid base64.", Path("messages", messageIndex) + ".content");
        }
    }

    private static void WriteToolResult(Utf8JsonWriter writer, ToolResultPart result, int messageIndex)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, "tool_result"u8);
        writer.WriteString("tool_use_id"u8, result.ToolCallId);
        var any = false;
        foreach (var part in result.Content)
        {
            if (part is TextPart { Text.Length: 0 })
            {
                continue;
            }

            if (!any)
            {
                writer.WriteStartArray("content"u8);
                any = true;
            }

            WritePart(writer, part, messageIndex, ChatRole.User);
        }

        if (any)
        {
            writer.WriteEndArray();
        }

        if (result.IsError)
        {
            writer.WriteBoolean("is_error"u8, true);
        }

        WriteCacheControl(writer, result.CacheControl);
        writer.WriteEndObject();
    }

    private static void WriteToolUse(Utf8JsonWriter writer, ToolCallPart call, int messageIndex, int callIndex)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, "tool_use"u8);
        writer.WriteString("id"u8, call.Id);
        writer.WriteString("name"u8, call.Name);
        writer.WritePropertyName("input"u8);
        if (!TryWriteObject(writer, call.Arguments))
        {
            throw BadRequest(
                "Tool call arguments must be a JSON object for an Anthropic upstream.",
                string.Create(CultureInfo.InvariantCulture, $"messages[{messageIndex}].tool_calls[{callIndex}].function.arguments"));
        }

        WriteCacheControl(writer, call.CacheControl);
        writer.WriteEndObject();
    }

    /// <summary>Writes JSON text that must be one object (empty or blank text: <c>{}</c>); false when it is not.</summary>
    private static bool TryWriteObject(Utf8JsonWriter writer, string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            writer.WriteStartObject();
            writer.WriteEndObject();
            return true;
        }

        var length = Encoding.UTF8.GetMaxByteCount(json.Length);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var bytes = rented.AsSpan(0, Encoding.UTF8.GetBytes(json, rented));
            if (!IsSingleObject(bytes))
            {
                return false;
            }

            writer.WriteRawValue(bytes, skipInputValidation: true);
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static bool IsSingleObject(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            return reader.Read()
                && reader.TokenType == JsonTokenType.StartObject
                && reader.TrySkip()
                && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
