using System.Text.Json;
using LlmGateway.Json;
using LlmGateway.Translation;

namespace LlmGateway.Protocols.OpenAI;

/// <summary>
/// What the request decoder collects at the top level beside the request: limits read before they are combined,
/// and JSON values kept verbatim as elements (built-in tool definitions, the response schema, extensions), which are
/// parsed together once the body is read and then put in their places. Tool schemas are not among them: they stay
/// bytes (<see cref="ToolDefinition.ParametersUtf8"/>), so a request whose only such values are schemas parses none.
/// </summary>
internal static partial class OpenAIChatCodec
{
    /// <summary>Puts the values kept verbatim in their places: built-in tool definitions, the response schema, extensions.</summary>
    private static void ApplyJsonValues(CanonicalRequest request, JsonElement[] elements, List<JsonValueUse> uses)
    {
        for (var index = 0; index < uses.Count; index++)
        {
            var use = uses[index];
            var element = elements[index];
            switch (use.Kind)
            {
                case JsonValueUse.Raw:
                    var builtIn = request.Tools[use.Tool];
                    request.Tools[use.Tool] = new ToolDefinition(builtIn.Name, null) { BuiltInType = builtIn.BuiltInType, Raw = element };
                    break;
                case JsonValueUse.Schema when use.Format is { } format && ReferenceEquals(request.ResponseFormat, format):
                    request.ResponseFormat = format with { Schema = element };
                    break;
                case JsonValueUse.Extension:
                    request.Extensions[use.Name!] = element;
                    break;
            }
        }
    }

    /// <summary>What the top level collects beside the request itself.</summary>
    private struct RequestState
    {
        public bool SawMessages;
        public int? MaxCompletionTokens;
        public int? MaxTokens;

        /// <summary>Values kept verbatim, parsed together once the body is read (<see cref="JsonValueBatch"/>).</summary>
        public JsonValueBatch? Values;

        /// <summary>Where each of <see cref="Values"/> goes, by the same index.</summary>
        public List<JsonValueUse>? Fixups;

        /// <summary>Keeps the value the reader is on (it ends on the value's last token) for <paramref name="use"/>; returns its index.</summary>
        public int Keep(ref Utf8JsonReader reader, JsonValueUse use)
        {
            Values ??= new JsonValueBatch();
            (Fixups ??= new List<JsonValueUse>(4)).Add(use);
            return Values.Add(ref reader);
        }

        /// <summary>Keeps a value already read for <paramref name="use"/>; returns its index.</summary>
        public int Keep(JsonSlice value, JsonValueUse use)
        {
            Values ??= new JsonValueBatch();
            (Fixups ??= new List<JsonValueUse>(4)).Add(use);
            return Values.Add(value);
        }

        /// <summary>Gives a kept value its use once it is known (or none, <see cref="JsonValueUse.Unused"/>).</summary>
        public readonly void Use(int index, JsonValueUse use)
        {
            if (index >= 0)
            {
                Fixups![index] = use;
            }
        }
    }

    /// <summary>Where a value kept verbatim goes: a built-in tool's whole definition, the response schema, an extension.</summary>
    private readonly record struct JsonValueUse(int Kind, int Tool = -1, string? Name = null, ResponseFormat? Format = null)
    {
        public const int Unused = -1, Raw = 1, Schema = 2, Extension = 3;
    }
}
