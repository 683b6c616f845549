using System.Text.Json.Serialization;

namespace LlmGateway.Management;

/// <summary>
/// One upstream credential in <c>GET /v0/management/credentials</c>: its id, never its value. <see cref="State"/> is
/// the whole credential's (<c>healthy</c>, <c>cooling</c> or <c>out</c>); <see cref="Models"/> the models with a
/// state of their own. Counts and the last error are this instance's.
/// </summary>
internal sealed record CredentialView(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("provider")] string Provider,
    [property: JsonPropertyName("enabled")] bool Enabled,
    [property: JsonPropertyName("priority")] int Priority,
    [property: JsonPropertyName("weight")] int Weight,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("until")] DateTimeOffset? Until,
    [property: JsonPropertyName("models")] IReadOnlyList<CredentialModelView> Models,
    [property: JsonPropertyName("lastError")] CredentialErrorView? LastError,
    [property: JsonPropertyName("successes")] long Successes,
    [property: JsonPropertyName("failures")] long Failures);
