using System.Text.Json.Serialization;

namespace LlmGateway.Protocols.Gemini;

/// <summary>The body of <c>GET /v1beta/models</c>.</summary>
internal sealed record GeminiModelList([property: JsonPropertyName("models")] IReadOnlyList<GeminiModel> Models);
