namespace LlmGateway.Translation;

/// <summary>
/// The model's reasoning. <see cref="Signature"/> and <see cref="RedactedData"/> are opaque to everyone but the
/// provider that minted them (<see cref="Origin"/>); they are sent back only to that wire format.
/// </summary>
internal sealed class ReasoningPart(string text) : ContentPart
{
    public string Text { get; } = text;

    public string? Signature { get; init; }

    /// <summary>Anthropic's <c>redacted_thinking.data</c>: encrypted reasoning with no readable text.</summary>
    public string? RedactedData { get; init; }

    public WireFormat? Origin { get; init; }
}
