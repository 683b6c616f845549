namespace LlmGateway.Tests.Golden;

/// <summary>
/// Which way a golden case translates, named after its folder under <c>Golden/Cases</c>: "client format to upstream
/// format". Requests go client → upstream; responses and streams come back upstream → client.
/// </summary>
internal enum GoldenDirection
{
    /// <summary><c>openai-to-anthropic</c>: an OpenAI Chat client, an Anthropic upstream.</summary>
    OpenAIToAnthropic,

    /// <summary><c>anthropic-to-openai</c>: an Anthropic Messages client, an OpenAI-compatible upstream.</summary>
    AnthropicToOpenAI,

    /// <summary><c>openai-to-gemini</c>: an OpenAI Chat client, a Gemini upstream.</summary>
    OpenAIToGemini,

    /// <summary><c>gemini-to-openai</c>: a Gemini client (generateContent), an OpenAI-compatible upstream.</summary>
    GeminiToOpenAI,

    /// <summary><c>anthropic-to-gemini</c>: an Anthropic Messages client, a Gemini upstream.</summary>
    AnthropicToGemini,

    /// <summary><c>gemini-to-anthropic</c>: a Gemini client (generateContent), an Anthropic upstream.</summary>
    GeminiToAnthropic,

    /// <summary><c>responses-to-openai</c>: an OpenAI Responses client (Codex), an OpenAI-compatible Chat upstream.</summary>
    ResponsesToOpenAI,

    /// <summary><c>responses-to-anthropic</c>: an OpenAI Responses client (Codex), an Anthropic upstream.</summary>
    ResponsesToAnthropic,

    /// <summary><c>openai-to-responses</c>: an OpenAI Chat client, an OpenAI Responses upstream.</summary>
    OpenAIToResponses,

    /// <summary><c>anthropic-to-responses</c>: an Anthropic Messages client, an OpenAI Responses upstream.</summary>
    AnthropicToResponses,
}
