namespace LlmGateway.Translation;

/// <summary>A fragment of a tool call's JSON arguments; fragments concatenate to the whole.</summary>
internal sealed record ToolArgumentsDelta(int Index, string Json) : StreamEvent;
