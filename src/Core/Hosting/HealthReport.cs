using System.Text.Json.Serialization;

namespace LlmGateway.Hosting;

/// <summary>The body of <c>GET /healthz</c>.</summary>
internal sealed record HealthReport(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("providers")] int Providers,
    [property: JsonPropertyName("models")] int Models);
