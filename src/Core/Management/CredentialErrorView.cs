using System.Text.Json.Serialization;

namespace LlmGateway.Management;

/// <summary>The last failure counted against a credential.</summary>
internal sealed record CredentialErrorView(
    [property: JsonPropertyName("class")] string Class,
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("time")] DateTimeOffset Time);
