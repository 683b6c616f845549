namespace LlmGateway.Translation;

internal enum ToolChoiceMode
{
    Auto,
    None,

    /// <summary>Must call some tool (OpenAI "required", Anthropic "any").</summary>
    Required,

    /// <summary>Must call the tool named <see cref="ToolChoice.Name"/>.</summary>
    Tool,
}
