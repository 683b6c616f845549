namespace LlmGateway.Execution;

/// <summary>The few fields the gateway reads from every chat request before choosing a path.</summary>
internal readonly record struct ChatBasics(string Model, bool Stream, bool IncludeUsage);
