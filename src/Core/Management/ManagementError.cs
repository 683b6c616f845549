using System.Text.Json.Serialization;

namespace LlmGateway.Management;

/// <summary>The body of every management error: <c>{"error": code, "message": text}</c>, plus the parameter at fault when there is one.</summary>
internal sealed record ManagementError(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("param")] string? Param = null);
