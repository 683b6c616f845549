using System.Text.Json;

namespace LlmGateway.Translation;

/// <summary>A piece of a message: text, image, document, tool call, tool result or reasoning.</summary>
internal abstract class ContentPart
{
    /// <summary>Anthropic's prompt-caching hint on this block, when the source had one (raw JSON).</summary>
    public JsonElement? CacheControl { get; init; }

    /// <summary>
    /// Gemini's <c>thoughtSignature</c> on this part (function calls, and text in Gemini 3): opaque, sent back only
    /// to Gemini on the next turn.
    /// </summary>
    public string? ThoughtSignature { get; init; }
}
