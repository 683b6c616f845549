using System.Text.Json.Serialization;

namespace LlmGateway.Management;

/// <summary>
/// A routable model in <c>GET /v0/management/models</c>: a canonical <c>provider/model</c> id (<see cref="Kind"/>
/// <c>model</c>), an alias, or a provider's wildcard (<c>provider/*</c>), with its targets in the order they are tried.
/// </summary>
internal sealed record ManagedModelView(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("ownedBy")] string OwnedBy,
    [property: JsonPropertyName("targets")] IReadOnlyList<ModelTargetView> Targets);
