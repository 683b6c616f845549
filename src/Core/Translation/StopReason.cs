namespace LlmGateway.Translation;

internal enum StopReason
{
    EndTurn,
    MaxTokens,
    ToolUse,
    StopSequence,

    /// <summary>Anthropic "refusal", OpenAI "content_filter".</summary>
    Refusal,

    /// <summary>Anthropic "pause_turn" (a long server-side turn paused).</summary>
    PauseTurn,
}
