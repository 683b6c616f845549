using LlmGateway.Usage;

namespace LlmGateway.Translation;

internal sealed record UsageReported(TokenUsage Usage) : StreamEvent;
