using System.Text.Json;

namespace LlmGateway.Execution;

/// <summary>
/// A chat request as its surface read it: the body bytes, what routing needs (<see cref="Basics"/>), and whatever
/// the surface parsed to get there (kept for decoding and rewriting, so the body is parsed once).
/// </summary>
internal sealed class InboundChat(ReadOnlyMemory<byte> body, ChatBasics basics, JsonDocument? document) : IDisposable
{
    public ReadOnlyMemory<byte> Body { get; } = body;

    public ChatBasics Basics { get; } = basics;

    /// <summary>The parsed body, for surfaces that parse into a document.</summary>
    public JsonDocument? Document { get; } = document;

    public JsonElement Root => Document!.RootElement;

    /// <summary>What a surface that reads without a document kept from its scan (e.g. where the model value lies).</summary>
    public object? State { get; init; }

    public void Dispose() => Document?.Dispose();
}
