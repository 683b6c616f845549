using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace LlmGateway.Translation;

/// <summary>
/// A function the model may call; <see cref="ParametersUtf8"/> is its JSON Schema, kept verbatim as UTF-8 JSON, which
/// the encoders copy out raw. A provider's built-in tool (Anthropic <c>web_search_20250305</c>, <c>bash_20250124</c>...)
/// has <see cref="BuiltInType"/> set and its whole definition in <see cref="Raw"/>: only that provider's format can
/// carry it.
/// </summary>
internal sealed class ToolDefinition
{
    /// <summary>The schema as an element: the one given, or parsed from the bytes on first use.</summary>
    private StrongBox<JsonElement>? _parameters;

    /// <summary>A function without a schema.</summary>
    public ToolDefinition(string name, string? description)
    {
        Name = name;
        Description = description;
    }

    /// <summary>
    /// A function whose schema is one well-formed JSON value (read so already: it is not checked again), starting at
    /// its first token; empty for none. The bytes are kept, not copied: the caller gives them up.
    /// </summary>
    public ToolDefinition(string name, string? description, ReadOnlyMemory<byte> parametersUtf8)
        : this(name, description)
    {
        ParametersUtf8 = parametersUtf8;
    }

    /// <summary>
    /// A function whose schema is an element of a parsed document (<see cref="JsonValueKind.Undefined"/> for none).
    /// Its bytes are copied, so <see cref="ParametersUtf8"/> outlives the document; <see cref="Parameters"/> is the
    /// element itself, alive as long as its document is.
    /// </summary>
    public ToolDefinition(string name, string? description, JsonElement parameters)
        : this(name, description)
    {
        if (parameters.ValueKind != JsonValueKind.Undefined)
        {
            ParametersUtf8 = JsonMarshal.GetRawUtf8Value(parameters).ToArray();
            _parameters = new StrongBox<JsonElement>(parameters);
        }
    }

    public string Name { get; }

    public string? Description { get; }

    /// <summary>The JSON Schema's raw UTF-8 bytes, from its first token to its last; empty when the function has none.</summary>
    public ReadOnlyMemory<byte> ParametersUtf8 { get; }

    /// <summary>Whether the schema is a JSON object (what Anthropic and Responses accept as one).</summary>
    public bool HasObjectParameters => ParametersUtf8.Span is [(byte)'{', ..];

    /// <summary>
    /// The schema as a <see cref="JsonElement"/> (<see cref="JsonValueKind.Undefined"/> when there is none), for code
    /// that needs a DOM: parsed from <see cref="ParametersUtf8"/> on first use and kept. Encoders that only copy the
    /// schema should write <see cref="ParametersUtf8"/> instead.
    /// </summary>
    public JsonElement Parameters
    {
        get
        {
            if (Volatile.Read(ref _parameters) is { } parsed)
            {
                return parsed.Value;
            }

            if (ParametersUtf8.IsEmpty)
            {
                return default;
            }

            // Racing readers parse alike; the first to finish is kept.
            var element = new StrongBox<JsonElement>(JsonElement.Parse(ParametersUtf8.Span));
            return (Interlocked.CompareExchange(ref _parameters, element, null) ?? element).Value;
        }
    }

    public bool? Strict { get; init; }

    public JsonElement? CacheControl { get; init; }

    public string? BuiltInType { get; init; }

    public JsonElement? Raw { get; init; }
}
