using LlmGateway.Usage;

namespace LlmGateway.Translation;

/// <summary>The hub's non-stream answer: content blocks in order (text, reasoning, tool calls), why it stopped, usage.</summary>
internal sealed class CanonicalResponse
{
    public required string Id { get; init; }

    public required string Model { get; init; }

    /// <summary>The wire format of the upstream that produced it (reasoning signatures belong to it).</summary>
    public required WireFormat Origin { get; init; }

    public List<ContentPart> Content { get; } = [];

    public StopReason StopReason { get; set; }

    public string? StopSequence { get; set; }

    public TokenUsage Usage { get; set; }

    /// <summary>Unix seconds.</summary>
    public long Created { get; init; }
}
