namespace LlmGateway.Configuration;

/// <summary>The upstream wire types the gateway speaks.</summary>
public static class ProviderTypes
{
    /// <summary>Any OpenAI-compatible Chat Completions API (OpenAI, Groq, DeepSeek, vLLM, Ollama...).</summary>
    public const string OpenAI = "openai";

    /// <summary>Anthropic's Messages API (<c>/v1/messages</c>, <c>x-api-key</c>, <c>anthropic-version</c>).</summary>
    public const string Anthropic = "anthropic";

    /// <summary>Google's Gemini API (<c>generateContent</c>, key in <c>x-goog-api-key</c>, never in the URL).</summary>
    public const string Gemini = "gemini";

    /// <summary>OpenAI's Responses API (<c>{base}/responses</c>, Bearer key; base defaults to https://api.openai.com/v1).</summary>
    public const string OpenAIResponses = "openai-responses";

    /// <summary>The built-in deterministic provider: no network, no key.</summary>
    public const string Mock = "mock";

    /// <summary>Azure OpenAI (or an AI Foundry endpoint): OpenAI Chat Completions behind deployments, <c>api-key</c> or Entra ID.</summary>
    public const string AzureOpenAI = "azure-openai";

    internal static readonly string[] All = [OpenAI, Anthropic, Gemini, Mock, AzureOpenAI, OpenAIResponses];
}
