using System.Text;

namespace LlmGateway.Translation;

/// <summary>
/// A local token estimate for a request, used where no upstream can count (count_tokens for non-Anthropic
/// upstreams, the mock's usage, the input tokens announced at the start of a translated Anthropic stream).
/// No tokenizer package is available to the build, so it is the documented heuristic of docs/translation.md:
/// about 4 UTF-8 bytes per token over all text, 3 per message, 85 per image, 1,600 per 10 KB of document data.
/// </summary>
internal static class TokenEstimator
{
    private const int BytesPerToken = 4;
    private const int PerMessage = 3;
    private const int PerImage = 85;
    private const int PerDocumentChunk = 1600;
    private const int DocumentChunkBytes = 10 * 1024;

    public static long Estimate(CanonicalRequest request)
    {
        long bytes = 0;
        long tokens = 0;
        foreach (var message in request.Messages)
        {
            tokens += PerMessage;
            tokens += Parts(message.Parts, ref bytes);
        }

        foreach (var tool in request.Tools)
        {
            bytes += Encoding.UTF8.GetByteCount(tool.Name) + Encoding.UTF8.GetByteCount(tool.Description ?? "");
            bytes += tool.ParametersUtf8.Length;
        }

        return tokens + ((bytes + BytesPerToken - 1) / BytesPerToken);
    }

    /// <summary>Output tokens of a text the gateway produced itself (the mock): the same 4-bytes heuristic.</summary>
    public static long EstimateText(string text) => (Encoding.UTF8.GetByteCount(text) + BytesPerToken - 1) / BytesPerToken;

    private static long Parts(List<ContentPart> parts, ref long bytes)
    {
        long tokens = 0;
        foreach (var part in parts)
        {
            switch (part)
            {
                case TextPart text:
                    bytes += Encoding.UTF8.GetByteCount(text.Text);
                    break;
                case ImagePart:
                    tokens += PerImage;
                    break;
                case DocumentPart document:
                    tokens += document.Text is { } plain
                        ? (Encoding.UTF8.GetByteCount(plain) + BytesPerToken - 1) / BytesPerToken
                        : PerDocumentChunk * Math.Max(1, ((document.Data?.Length ?? 0) + DocumentChunkBytes - 1) / DocumentChunkBytes);
                    break;
                case ToolCallPart call:
                    bytes += Encoding.UTF8.GetByteCount(call.Name) + Encoding.UTF8.GetByteCount(call.Arguments);
                    break;
                case ToolResultPart result:
                    tokens += Parts(result.Content, ref bytes);
                    break;
                case ReasoningPart reasoning:
                    bytes += Encoding.UTF8.GetByteCount(reasoning.Text);
                    break;
            }
        }

        return tokens;
    }
}
