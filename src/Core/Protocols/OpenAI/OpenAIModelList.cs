using System.Text.Json.Serialization;

namespace LlmGateway.Protocols.OpenAI;

/// <summary>The body of <c>GET /v1/models</c>.</summary>
internal sealed record OpenAIModelList([property: JsonPropertyName("data")] IReadOnlyList<OpenAIModel> Data)
{
    [JsonPropertyName("object")]
    [JsonPropertyOrder(-1)]
    public string Object => "list";
}
