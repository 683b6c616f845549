namespace LlmGateway.Translation;

internal sealed record ResponseStarted(string Id, string Model) : StreamEvent;
