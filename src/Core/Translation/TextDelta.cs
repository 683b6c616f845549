namespace LlmGateway.Translation;

internal sealed record TextDelta(int Index, string Text) : StreamEvent;
