namespace LlmGateway.Tests.Golden;

/// <summary>Which way a golden case translates, named after its folder under <c>Golden/Cases</c>.</summary>
internal enum GoldenDirection
{
    /// <summary><c>openai-to-anthropic</c>: an OpenAI Chat client, an Anthropic upstream.</summary>
    OpenAIToAnthropic,

    /// <summary><c>anthropic-to-openai</c>: an Anthropic Messages client, an OpenAI-compatible upstream.</summary>
    AnthropicToOpenAI,
}
