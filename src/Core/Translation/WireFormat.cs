namespace LlmGateway.Translation;

/// <summary>The wire formats the gateway speaks, inbound and upstream.</summary>
internal enum WireFormat
{
    OpenAIChat,
    AnthropicMessages,
    Gemini,

    /// <summary>OpenAI's Responses API (<c>/v1/responses</c>; Codex CLI).</summary>
    OpenAIResponses,
}
