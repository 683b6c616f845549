using System.Text.Json.Nodes;

namespace LlmGateway.Tests.Infrastructure;

/// <summary>A request as the fake upstream received it, byte for byte.</summary>
public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
