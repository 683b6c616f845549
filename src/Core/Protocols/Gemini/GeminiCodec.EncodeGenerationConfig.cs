using System.Text.Json;
using LlmGateway.Translation;

namespace LlmGateway.Protocols.Gemini;

/// <summary>Canonical sampling, limits, stops, response format and reasoning → <c>generationConfig</c>.</summary>
internal static partial class GeminiCodec
{
    private static void WriteGenerationConfig(Utf8JsonWriter writer, CanonicalRequest request, GeminiEncodeOptions options, bool fromGemini)
    {
        var started = false;
        if (request.MaxTokens is { } maxTokens)
        {
            Begin(writer, "generationConfig"u8, ref started);
            writer.WriteNumber("maxOutputTokens"u8, options.MaxOutputTokens is { } ceiling ? Math.Min(maxTokens, ceiling) : maxTokens);
        }

        WriteNumber(writer, "temperature"u8, request.Temperature, ref started);
        WriteNumber(writer, "topP"u8, request.TopP, ref started);
        if (request.TopK is { } topK)
        {
            Begin(writer, "generationConfig"u8, ref started);
            writer.WriteNumber("topK"u8, topK);
        }

        if (request.StopSequences.Count > 0)
        {
            Begin(writer, "generationConfig"u8, ref started);
            writer.WriteStartArray("stopSequences"u8);
            foreach (var stop in request.StopSequences)
            {
                writer.WriteStringValue(stop);
            }

            writer.WriteEndArray();
        }

        if (request.ResponseFormat is { Kind: ResponseFormatKind.JsonObject or ResponseFormatKind.JsonSchema } format)
        {
            Begin(writer, "generationConfig"u8, ref started);
            writer.WriteString("responseMimeType"u8, "application/json"u8);
            if (format is { Kind: ResponseFormatKind.JsonSchema, Schema: { ValueKind: JsonValueKind.Object } schema })
            {
                writer.WritePropertyName("responseSchema"u8);
                GeminiSchema.Write(writer, SchemaUtf8(schema));
            }
        }

        WriteThinking(writer, request, fromGemini, ref started);
        if (fromGemini)
        {
            WritePrefixed(writer, request, GenerationConfigPrefix, "generationConfig"u8, ref started);
        }
        else
        {
            foreach (var (name, value) in request.Extensions)
            {
                if (MappedExtension(name) is { } member)
                {
                    Begin(writer, "generationConfig"u8, ref started);
                    writer.WritePropertyName(member);
                    value.WriteTo(writer);
                }
            }
        }

        if (started)
        {
            writer.WriteEndObject();
        }
    }

    /// <summary>
    /// <c>thinkingConfig</c>: disabled (or effort none) → budget 0; a budget as given (from another provider at most
    /// <see cref="MaxThinkingBudget"/>); a Gemini client's level as given; another effort → its budget
    /// (<see cref="ReasoningMapping"/>); adaptive → −1 (dynamic). Thoughts are asked for whenever thinking is on.
    /// </summary>
    private static void WriteThinking(Utf8JsonWriter writer, CanonicalRequest request, bool fromGemini, ref bool started)
    {
        if (request.Reasoning is not { } reasoning)
        {
            return;
        }

        int? budget = null;
        string? level = null;
        if (reasoning.Disabled || reasoning.Effort == "none")
        {
            budget = 0;
        }
        else if (reasoning.BudgetTokens is { } tokens)
        {
            budget = fromGemini ? tokens : Math.Min(tokens, MaxThinkingBudget);
        }
        else if (reasoning.Effort is { } effort)
        {
            if (fromGemini)
            {
                level = effort;
            }
            else
            {
                budget = Math.Min(
                    ReasoningMapping.BudgetFor(effort) ?? throw BadRequest($"Reasoning effort '{effort}' is not one of none, minimal, low, medium, high, xhigh, max.", EffortParam(request.Source)),
                    MaxThinkingBudget);
            }
        }
        else if (reasoning.Adaptive)
        {
            budget = -1;
        }
        else
        {
            return;
        }

        Begin(writer, "generationConfig"u8, ref started);
        writer.WriteStartObject("thinkingConfig"u8);
        if (level is not null)
        {
            writer.WriteString("thinkingLevel"u8, level);
        }
        else
        {
            writer.WriteNumber("thinkingBudget"u8, budget!.Value);
        }

        if (budget != 0)
        {
            writer.WriteBoolean("includeThoughts"u8, true);
        }

        writer.WriteEndObject();
    }

    private static string EffortParam(WireFormat source) => source switch
    {
        WireFormat.AnthropicMessages => "output_config.effort",
        WireFormat.Gemini => "generationConfig.thinkingConfig.thinkingLevel",
        WireFormat.OpenAIResponses => "reasoning.effort",
        _ => "reasoning_effort",
    };

    /// <summary>A Gemini client's extensions kept as <c>&lt;prefix&gt;&lt;name&gt;</c>, written back inside their object.</summary>
    private static void WritePrefixed(Utf8JsonWriter writer, CanonicalRequest request, string prefix, ReadOnlySpan<byte> objectName, ref bool started)
    {
        foreach (var (name, value) in request.Extensions)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                Begin(writer, objectName, ref started);
                writer.WritePropertyName(name.AsSpan(prefix.Length));
                value.WriteTo(writer);
            }
        }
    }

    private static void WriteNumber(Utf8JsonWriter writer, ReadOnlySpan<byte> name, double? value, ref bool started)
    {
        if (value is { } number)
        {
            Begin(writer, "generationConfig"u8, ref started);
            writer.WriteNumber(name, number);
        }
    }

    private static void Begin(Utf8JsonWriter writer, ReadOnlySpan<byte> objectName, ref bool started)
    {
        if (!started)
        {
            writer.WriteStartObject(objectName);
            started = true;
        }
    }
}
