namespace LlmGateway.Translation;

internal enum BlockKind
{
    Text,
    Reasoning,

    /// <summary>Anthropic <c>redacted_thinking</c>: the data comes whole with the block start.</summary>
    RedactedReasoning,
    ToolCall,
}
