namespace LlmGateway.Translation;

internal sealed record ToolChoice(ToolChoiceMode Mode, string? Name = null);
