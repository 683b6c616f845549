using System.Text.Json.Serialization;

namespace LlmGateway.Management;

/// <summary>One place a model is served, and whether it is a fallback (tried after the model's own targets).</summary>
internal sealed record ModelTargetView(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("provider")] string Provider,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("fallback")] bool Fallback);
