namespace LlmGateway.Translation;

internal sealed record BlockStarted(int Index, BlockKind Kind) : StreamEvent
{
    public string? ToolCallId { get; init; }

    public string? ToolName { get; init; }

    /// <summary>For <see cref="BlockKind.RedactedReasoning"/>.</summary>
    public string? RedactedData { get; init; }

    /// <summary>Gemini's <c>thoughtSignature</c> for the part this block carries.</summary>
    public string? ThoughtSignature { get; init; }
}
