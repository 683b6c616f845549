namespace LlmGateway.Translation;

internal sealed class TextPart(string text) : ContentPart
{
    public string Text { get; } = text;
}
