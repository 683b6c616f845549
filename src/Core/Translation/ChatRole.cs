namespace LlmGateway.Translation;

internal enum ChatRole
{
    System,
    Developer,
    User,
    Assistant,

    /// <summary>OpenAI's role "tool"; Anthropic carries tool results inside user messages.</summary>
    Tool,
}
