using System.Text.Json;

namespace LlmGateway.Translation;

/// <summary>Structured output: plain text, any JSON object, or JSON matching <see cref="Schema"/>.</summary>
internal sealed record ResponseFormat(ResponseFormatKind Kind)
{
    public string? Name { get; init; }

    public string? Description { get; init; }

    public JsonElement? Schema { get; init; }

    public bool? Strict { get; init; }
}
