namespace LlmGateway.Translation;

/// <summary>A document (PDF or plain text), inline as base64 <see cref="Data"/>, as <see cref="Text"/>, or by URL.</summary>
internal sealed class DocumentPart : ContentPart
{
    public string? MediaType { get; init; }

    public string? Data { get; init; }

    public string? Text { get; init; }

    public string? Url { get; init; }

    public string? Title { get; init; }
}
