namespace LlmGateway.Translation;

/// <summary>A call the assistant made. <see cref="Arguments"/> is JSON text, exactly as the model produced it.</summary>
internal sealed class ToolCallPart(string id, string name, string arguments) : ContentPart
{
    public string Id { get; } = id;

    public string Name { get; } = name;

    public string Arguments { get; } = arguments;
}
