namespace LlmGateway.Translation;

/// <summary>The result of a tool call, paired with it by <see cref="ToolCallId"/>; content is text and images.</summary>
internal sealed class ToolResultPart(string toolCallId, List<ContentPart> content, bool isError) : ContentPart
{
    public string ToolCallId { get; } = toolCallId;

    public List<ContentPart> Content { get; } = content;

    public bool IsError { get; } = isError;
}
