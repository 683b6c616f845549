namespace LlmGateway.Translation;

/// <summary>An image by URL, or inline as base64 <see cref="Data"/> with its <see cref="MediaType"/>.</summary>
internal sealed class ImagePart : ContentPart
{
    public string? Url { get; init; }

    public string? MediaType { get; init; }

    public string? Data { get; init; }

    /// <summary>OpenAI's detail level (low, high, auto), when given.</summary>
    public string? Detail { get; init; }
}
