using System.Text.Json.Serialization;

namespace LlmGateway.Protocols.Anthropic;

/// <summary>The body of <c>GET /v1/models</c> for a request that carries <c>anthropic-version</c>.</summary>
internal sealed record AnthropicModelList(
    [property: JsonPropertyName("data")] IReadOnlyList<AnthropicModel> Data,
    [property: JsonPropertyName("has_more")] bool HasMore,
    [property: JsonPropertyName("first_id")] string? FirstId,
    [property: JsonPropertyName("last_id")] string? LastId);
