using System.Text.Json.Serialization;

namespace LlmGateway.Management;

/// <summary>A list answer: <c>{"data": [...]}</c>.</summary>
internal sealed record ManagementList<T>([property: JsonPropertyName("data")] IReadOnlyList<T> Data);
