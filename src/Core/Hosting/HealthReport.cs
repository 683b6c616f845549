using System.Text.Json.Serialization;

namespace LlmGateway.Hosting;

/// <summary>
/// The body of <c>GET /healthz</c>. <see cref="Status"/> is <c>ok</c>, or <c>degraded</c> when the Key Vault keys are
/// stale or not loaded (the answer stays 200: the gateway is alive and serves with what it has).
/// </summary>
internal sealed record HealthReport(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("providers")] int Providers,
    [property: JsonPropertyName("models")] int Models,
    [property: JsonPropertyName("keyVault")] KeyVaultHealth? KeyVault = null);
