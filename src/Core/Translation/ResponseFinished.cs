namespace LlmGateway.Translation;

internal sealed record ResponseFinished(StopReason Reason, string? StopSequence = null) : StreamEvent;
