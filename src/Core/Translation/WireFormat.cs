namespace LlmGateway.Translation;

/// <summary>The wire formats the gateway speaks, inbound and upstream.</summary>
internal enum WireFormat
{
    OpenAIChat,
    AnthropicMessages,
    Gemini,
}
