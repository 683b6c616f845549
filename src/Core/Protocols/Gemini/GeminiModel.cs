using System.Text.Json.Serialization;

namespace LlmGateway.Protocols.Gemini;

/// <summary>A model in Gemini's <c>GET /v1beta/models</c> shape.</summary>
internal sealed record GeminiModel(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("baseModelId")] string BaseModelId,
    [property: JsonPropertyName("displayName")] string DisplayName)
{
    [JsonPropertyName("version")]
    public string Version => "gateway";

    [JsonPropertyName("supportedGenerationMethods")]
    public IReadOnlyList<string> SupportedGenerationMethods { get; } = [GeminiRoute.GenerateContent, GeminiRoute.StreamGenerateContent, GeminiRoute.CountTokens];
}
