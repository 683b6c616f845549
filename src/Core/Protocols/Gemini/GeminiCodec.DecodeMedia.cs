using System.Text;
using System.Text.Json;
using LlmGateway.Translation;

namespace LlmGateway.Protocols.Gemini;

/// <summary>A client's <c>inlineData</c> / <c>fileData</c> parts, and the pairing of function calls and responses.</summary>
internal static partial class GeminiCodec
{
    /// <summary>
    /// <c>inlineData</c> / <c>fileData</c>: images (<c>image/*</c>) and documents (PDF; <c>text/*</c>, whose base64
    /// is decoded to text). Audio and video have no canonical part: a 400.
    /// </summary>
    private static ContentPart ReadMedia(JsonElement inline, JsonElement file, int contentIndex, int partIndex, string? signature)
    {
        var path = Path("contents", contentIndex, "parts", partIndex);
        var source = inline.ValueKind == JsonValueKind.Object ? inline : file;
        var mimeType = OptionalString(source, "mimeType"u8, "mime_type"u8);
        var isImage = mimeType?.StartsWith("image/", StringComparison.OrdinalIgnoreCase) == true;
        var isText = mimeType?.StartsWith("text/", StringComparison.OrdinalIgnoreCase) == true;
        if (inline.ValueKind == JsonValueKind.Object)
        {
            var data = OptionalString(inline, "data"u8, "data"u8) ?? throw BadRequest("'inlineData.data' is required.", path + ".inlineData.data");
            if (isImage)
            {
                return new ImagePart { MediaType = mimeType, Data = data, ThoughtSignature = signature };
            }

            if (isText)
            {
                return new DocumentPart { MediaType = mimeType, Text = DecodeBase64Text(data, path), ThoughtSignature = signature };
            }

            return IsDocument(mimeType)
                ? new DocumentPart { MediaType = mimeType, Data = data, ThoughtSignature = signature }
                : throw UnsupportedMedia(mimeType, path);
        }

        var uri = OptionalString(file, "fileUri"u8, "file_uri"u8) ?? throw BadRequest("'fileData.fileUri' is required.", path + ".fileData.fileUri");
        return isImage ? new ImagePart { MediaType = mimeType, Url = uri, ThoughtSignature = signature }
            : isText || mimeType is null || IsDocument(mimeType) ? new DocumentPart { MediaType = mimeType, Url = uri, ThoughtSignature = signature }
            : throw UnsupportedMedia(mimeType, path);
    }

    private static bool IsDocument(string? mimeType) => string.Equals(mimeType, "application/pdf", StringComparison.OrdinalIgnoreCase);

    private static Http.GatewayErrorException UnsupportedMedia(string? mimeType, string path) =>
        BadRequest($"Parts of media type '{mimeType}' cannot be translated for this model's provider (images, PDFs and text only).", path);

    private static string DecodeBase64Text(string data, string path)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(data));
        }
        catch (FormatException)
        {
            throw BadRequest("'inlineData.data' is not valid base64.", path + ".inlineData.data");
        }
    }

    /// <summary>The function calls read so far, for pairing function responses that carry no id.</summary>
    private sealed class PendingCalls
    {
        private readonly List<(string Id, string Name, bool Answered)> _calls = [];

        public void Add(string id, string name) => _calls.Add((id, name, false));

        /// <summary>Marks the earliest unanswered call with this id answered; the id either way.</summary>
        public string Answer(string id)
        {
            for (var i = 0; i < _calls.Count; i++)
            {
                if (!_calls[i].Answered && _calls[i].Id == id)
                {
                    _calls[i] = _calls[i] with { Answered = true };
                    break;
                }
            }

            return id;
        }

        /// <summary>The id of the earliest unanswered call named <paramref name="name"/>, now answered; null when none.</summary>
        public string? AnswerByName(string name)
        {
            for (var i = 0; i < _calls.Count; i++)
            {
                if (!_calls[i].Answered && _calls[i].Name == name)
                {
                    _calls[i] = _calls[i] with { Answered = true };
                    return _calls[i].Id;
                }
            }

            return null;
        }
    }
}
