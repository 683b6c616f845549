namespace LlmGateway.Translation;

internal sealed record ReasoningDelta(int Index, string Text) : StreamEvent;
