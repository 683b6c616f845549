using System.Text.Json.Serialization;

namespace LlmGateway.Management;

/// <summary>
/// A credential's state for one model (<c>*</c>: the whole credential): <c>healthy</c> (a cooldown that has
/// ended), <c>cooling</c> until <see cref="Until"/> (rate limits, server errors, timeouts) or <c>out</c> (key
/// rejected, model not found, or excluded by configuration).
/// </summary>
internal sealed record CredentialModelView(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("until")] DateTimeOffset? Until,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("status")] int? Status,
    [property: JsonPropertyName("strikes")] int? Strikes);
