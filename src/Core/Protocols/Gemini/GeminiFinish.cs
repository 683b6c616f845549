namespace LlmGateway.Protocols.Gemini;

/// <summary>A Gemini finish reason, grouped by what the hub makes of it.</summary>
internal enum GeminiFinish
{
    None,
    Stop,
    MaxTokens,
    Refusal,
    MalformedFunctionCall,
    Other,
}
