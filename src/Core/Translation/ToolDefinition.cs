using System.Text.Json;

namespace LlmGateway.Translation;

/// <summary>
/// A function the model may call; <see cref="Parameters"/> is its JSON Schema, kept verbatim. A provider's
/// built-in tool (Anthropic <c>web_search_20250305</c>, <c>bash_20250124</c>...) has <see cref="BuiltInType"/> set
/// and its whole definition in <see cref="Raw"/>: only that provider's format can carry it.
/// </summary>
internal sealed class ToolDefinition(string name, string? description, JsonElement parameters)
{
    public string Name { get; } = name;

    public string? Description { get; } = description;

    public JsonElement Parameters { get; } = parameters;

    public bool? Strict { get; init; }

    public JsonElement? CacheControl { get; init; }

    public string? BuiltInType { get; init; }

    public JsonElement? Raw { get; init; }
}
