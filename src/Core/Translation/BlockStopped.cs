namespace LlmGateway.Translation;

internal sealed record BlockStopped(int Index) : StreamEvent;
