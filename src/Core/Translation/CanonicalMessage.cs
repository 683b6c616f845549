namespace LlmGateway.Translation;

/// <summary>One turn of the conversation. A mid-conversation system or developer message keeps its position.</summary>
internal sealed class CanonicalMessage(ChatRole role, List<ContentPart> parts)
{
    public ChatRole Role { get; } = role;

    public List<ContentPart> Parts { get; } = parts;

    /// <summary>OpenAI's optional participant name.</summary>
    public string? Name { get; init; }
}
