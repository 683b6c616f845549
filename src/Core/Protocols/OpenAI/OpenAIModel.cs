using System.Text.Json.Serialization;

namespace LlmGateway.Protocols.OpenAI;

/// <summary>An entry of <c>GET /v1/models</c>.</summary>
internal sealed record OpenAIModel(
    [property: JsonPropertyName("id"), JsonPropertyOrder(-2)] string Id,
    [property: JsonPropertyName("created")] long Created,
    [property: JsonPropertyName("owned_by")] string OwnedBy)
{
    [JsonPropertyName("object")]
    [JsonPropertyOrder(-1)]
    public string Object => "model";
}
