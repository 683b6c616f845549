using System.Text.Json.Serialization;

namespace LlmGateway.Management;

/// <summary>The body of <c>POST /v0/management/usage/import</c>: records read, and how many of them were new.</summary>
internal sealed record UsageImportResult(
    [property: JsonPropertyName("received")] int Received,
    [property: JsonPropertyName("imported")] int Imported);
