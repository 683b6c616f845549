using System.Text.Json.Serialization;

namespace LlmGateway.Protocols.Anthropic;

/// <summary>A model in Anthropic's <c>GET /v1/models</c> shape.</summary>
internal sealed record AnthropicModel(
    [property: JsonPropertyName("id"), JsonPropertyOrder(1)] string Id,
    [property: JsonPropertyName("display_name"), JsonPropertyOrder(2)] string DisplayName,
    [property: JsonPropertyName("created_at"), JsonPropertyOrder(3)] string CreatedAt)
{
    [JsonPropertyName("type")]
    [JsonPropertyOrder(0)]
    public string Type => "model";
}
