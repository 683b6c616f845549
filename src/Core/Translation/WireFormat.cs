namespace LlmGateway.Translation;

/// <summary>The wire formats the gateway speaks, inbound and upstream.</summary>
internal enum WireFormat
{
    OpenAIChat,
    AnthropicMessages,
    Gemini,

    /// <summary>OpenAI's legacy Completions (<c>/v1/completions</c>): inbound only, always served through the hub as chat.</summary>
    OpenAICompletions,

    /// <summary>OpenAI's Responses API (<c>/v1/responses</c>; Codex CLI).</summary>
    OpenAIResponses,
}
