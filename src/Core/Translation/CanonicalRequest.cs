using System.Text.Json;

namespace LlmGateway.Translation;

/// <summary>
/// The hub's request: a superset of the wire formats. Decoders fill it from a client's request; encoders write it
/// for an upstream, rejecting (400, naming the parameter) what the target cannot honour. JSON values held here
/// (schemas, extensions) point into the source document, which must outlive the encoding.
/// </summary>
internal sealed class CanonicalRequest
{
    public required WireFormat Source { get; init; }

    public required string Model { get; set; }

    /// <summary>Every message in order, system and developer messages included where they stood.</summary>
    public List<CanonicalMessage> Messages { get; } = [];

    public List<ToolDefinition> Tools { get; } = [];

    public ToolChoice? ToolChoice { get; set; }

    /// <summary>False when the client forbade parallel tool calls.</summary>
    public bool? ParallelToolCalls { get; set; }

    public int? MaxTokens { get; set; }

    public double? Temperature { get; set; }

    public double? TopP { get; set; }

    public int? TopK { get; set; }

    public List<string> StopSequences { get; } = [];

    public ResponseFormat? ResponseFormat { get; set; }

    public ReasoningConfig? Reasoning { get; set; }

    /// <summary>End-user id (OpenAI <c>user</c>, Anthropic <c>metadata.user_id</c>).</summary>
    public string? User { get; set; }

    public bool Stream { get; set; }

    /// <summary>The client asked for a usage chunk on the stream (OpenAI <c>stream_options.include_usage</c>).</summary>
    public bool IncludeUsage { get; set; }

    /// <summary>
    /// Top-level fields of the source that have no canonical place, verbatim. A target of another format rejects
    /// them by name unless its codec documents them as safe to leave out.
    /// </summary>
    public Dictionary<string, JsonElement> Extensions { get; } = new(StringComparer.Ordinal);
}
