using System.Text.Json;
using LlmGateway.Translation;

namespace LlmGateway.Protocols.Gemini;

/// <summary>A client's generateContent request → canonical: the top level, <c>generationConfig</c>, tools.</summary>
internal static partial class GeminiCodec
{
    private const string GenerationConfigPrefix = "generationConfig.";
    private const string ToolConfigPrefix = "toolConfig.";

    /// <summary>
    /// Reads a client's <c>generateContent</c> body; the model comes from the URL. <c>safetySettings</c> is dropped
    /// (no other provider has it); <c>cachedContent</c> and unknown top-level fields go to
    /// <see cref="CanonicalRequest.Extensions"/> verbatim, <c>generationConfig</c> members without a canonical place
    /// as <c>generationConfig.&lt;name&gt;</c> (unless at their defaults) and <c>toolConfig</c> members other than
    /// <c>functionCallingConfig</c> as <c>toolConfig.&lt;name&gt;</c>. Invalid input is a 400 naming the parameter.
    /// </summary>
    public static CanonicalRequest DecodeRequest(JsonElement root, string model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw BadRequest("The request body must be a JSON object.", null);
        }

        var request = new CanonicalRequest { Source = WireFormat.Gemini, Model = ModelName(model) };
        JsonElement contents = default, system = default;
        foreach (var property in root.EnumerateObject())
        {
            var value = property.Value;
            if (property.NameEquals("contents"u8))
            {
                contents = value;
            }
            else if (Is(property, "systemInstruction"u8, "system_instruction"u8))
            {
                system = value;
            }
            else if (Is(property, "generationConfig"u8, "generation_config"u8))
            {
                ReadGenerationConfig(value, request);
            }
            else if (property.NameEquals("tools"u8))
            {
                ReadTools(value, request);
            }
            else if (Is(property, "toolConfig"u8, "tool_config"u8))
            {
                ReadToolConfig(value, request);
            }
            else if (!Is(property, "safetySettings"u8, "safety_settings"u8) && !property.NameEquals("model"u8))
            {
                request.Extensions[property.Name] = value;
            }
        }

        ReadSystem(system, request);
        if (contents.ValueKind != JsonValueKind.Array)
        {
            throw BadRequest("'contents' is required and must be an array.", "contents");
        }

        ReadContents(contents, request);
        return request;
    }

    private static void ReadGenerationConfig(JsonElement config, CanonicalRequest request)
    {
        if (config.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (config.ValueKind != JsonValueKind.Object)
        {
            throw BadRequest("'generationConfig' must be an object.", "generationConfig");
        }

        JsonElement mimeType = default, schema = default, jsonSchema = default;
        foreach (var property in config.EnumerateObject())
        {
            var value = property.Value;
            if (value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            if (property.NameEquals("temperature"u8))
            {
                request.Temperature = Number(value, "generationConfig.temperature");
            }
            else if (Is(property, "topP"u8, "top_p"u8))
            {
                request.TopP = Number(value, "generationConfig.topP");
            }
            else if (Is(property, "topK"u8, "top_k"u8))
            {
                request.TopK = (int)Number(value, "generationConfig.topK");
            }
            else if (Is(property, "maxOutputTokens"u8, "max_output_tokens"u8))
            {
                request.MaxTokens = value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var max) && max > 0
                    ? max
                    : throw BadRequest("'generationConfig.maxOutputTokens' must be a positive integer.", "generationConfig.maxOutputTokens");
            }
            else if (Is(property, "stopSequences"u8, "stop_sequences"u8))
            {
                ReadStopSequences(value, request);
            }
            else if (Is(property, "candidateCount"u8, "candidate_count"u8))
            {
                if (value.ValueKind != JsonValueKind.Number || value.GetDouble() != 1)
                {
                    throw BadRequest("Only one candidate can be generated: 'generationConfig.candidateCount' must be 1.", "generationConfig.candidateCount");
                }
            }
            else if (Is(property, "responseMimeType"u8, "response_mime_type"u8))
            {
                mimeType = value.ValueKind == JsonValueKind.String
                    ? value
                    : throw BadRequest("'generationConfig.responseMimeType' must be a string.", "generationConfig.responseMimeType");
            }
            else if (Is(property, "responseSchema"u8, "response_schema"u8))
            {
                schema = value;
            }
            else if (Is(property, "responseJsonSchema"u8, "response_json_schema"u8) || property.NameEquals("_responseJsonSchema"u8))
            {
                jsonSchema = value;
            }
            else if (Is(property, "thinkingConfig"u8, "thinking_config"u8))
            {
                request.Reasoning = ReadThinking(value);
            }
            else if (!IsDefault(property))
            {
                // seed, logprobs, speechConfig, imageConfig, mediaResolution and whatever comes next.
                request.Extensions[GenerationConfigPrefix + property.Name] = value;
            }
        }

        ReadResponseFormat(request, mimeType, schema, jsonSchema);
    }

    /// <summary>Sampling knobs at the value that means "off": nothing to carry to another provider.</summary>
    private static bool IsDefault(JsonProperty property)
    {
        var value = property.Value;
        if (Is(property, "presencePenalty"u8, "presence_penalty"u8) || Is(property, "frequencyPenalty"u8, "frequency_penalty"u8))
        {
            return value.ValueKind == JsonValueKind.Number && value.GetDouble() == 0;
        }

        if (Is(property, "responseLogprobs"u8, "response_logprobs"u8) || Is(property, "enableEnhancedCivicAnswers"u8, "enable_enhanced_civic_answers"u8))
        {
            return value.ValueKind == JsonValueKind.False;
        }

        if (Is(property, "responseModalities"u8, "response_modalities"u8))
        {
            return value.ValueKind == JsonValueKind.Array && value.GetArrayLength() == 1 && value[0].ValueKind == JsonValueKind.String
                && string.Equals(value[0].GetString(), "TEXT", StringComparison.OrdinalIgnoreCase);
        }

        return false;
    }

    private static void ReadResponseFormat(CanonicalRequest request, JsonElement mimeType, JsonElement schema, JsonElement jsonSchema)
    {
        if (mimeType.ValueKind != JsonValueKind.String || mimeType.ValueEquals("text/plain"u8))
        {
            return;
        }

        if (mimeType.ValueEquals("application/json"u8))
        {
            request.ResponseFormat = jsonSchema.ValueKind == JsonValueKind.Object
                ? new ResponseFormat(ResponseFormatKind.JsonSchema) { Schema = jsonSchema }
                : schema.ValueKind == JsonValueKind.Object
                    ? new ResponseFormat(ResponseFormatKind.JsonSchema) { Schema = GeminiSchema.ToJsonSchema(schema) }
                    : new ResponseFormat(ResponseFormatKind.JsonObject);
            return;
        }

        // text/x.enum and other output types only Gemini has: kept whole, so that another provider rejects them by name.
        request.Extensions[GenerationConfigPrefix + "responseMimeType"] = mimeType;
        if (schema.ValueKind != JsonValueKind.Undefined)
        {
            request.Extensions[GenerationConfigPrefix + "responseSchema"] = schema;
        }

        if (jsonSchema.ValueKind != JsonValueKind.Undefined)
        {
            request.Extensions[GenerationConfigPrefix + "responseJsonSchema"] = jsonSchema;
        }
    }

    /// <summary>
    /// <c>thinkingBudget</c> −1 → adaptive, 0 → disabled, N → a budget; <c>thinkingLevel</c> → an effort; only
    /// <c>includeThoughts: true</c> → adaptive (the model's default thinking, shown).
    /// </summary>
    private static ReasoningConfig? ReadThinking(JsonElement thinking)
    {
        if (thinking.ValueKind != JsonValueKind.Object)
        {
            throw BadRequest("'generationConfig.thinkingConfig' must be an object.", "generationConfig.thinkingConfig");
        }

        int? budget = null;
        string? level = null;
        var includeThoughts = false;
        foreach (var property in thinking.EnumerateObject())
        {
            var value = property.Value;
            if (Is(property, "thinkingBudget"u8, "thinking_budget"u8) && value.ValueKind != JsonValueKind.Null)
            {
                budget = value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var tokens) && tokens >= -1
                    ? tokens
                    : throw BadRequest("'generationConfig.thinkingConfig.thinkingBudget' must be an integer of at least -1.", "generationConfig.thinkingConfig.thinkingBudget");
            }
            else if (Is(property, "thinkingLevel"u8, "thinking_level"u8) && value.ValueKind == JsonValueKind.String)
            {
                level = value.GetString()!.ToLowerInvariant() switch
                {
                    var known when known is "minimal" or "low" or "medium" or "high" => known,
                    "thinking_level_unspecified" => null,
                    _ => throw BadRequest("'generationConfig.thinkingConfig.thinkingLevel' must be 'minimal', 'low', 'medium' or 'high'.", "generationConfig.thinkingConfig.thinkingLevel"),
                };
            }
            else if (Is(property, "includeThoughts"u8, "include_thoughts"u8))
            {
                includeThoughts = value.ValueKind == JsonValueKind.True;
            }
        }

        var config = budget switch
        {
            -1 => new ReasoningConfig { Adaptive = true },
            0 => new ReasoningConfig { Disabled = true },
            { } tokens => new ReasoningConfig { BudgetTokens = tokens },
            null when level is not null => new ReasoningConfig(),
            null when includeThoughts => new ReasoningConfig { Adaptive = true },
            _ => null,
        };
        return level is null ? config : config! with { Effort = level };
    }

    private static void ReadStopSequences(JsonElement value, CanonicalRequest request)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw BadRequest("'generationConfig.stopSequences' must be an array of strings.", "generationConfig.stopSequences");
        }

        foreach (var item in value.EnumerateArray())
        {
            request.StopSequences.Add(item.ValueKind == JsonValueKind.String
                ? item.GetString()!
                : throw BadRequest("'generationConfig.stopSequences' must be an array of strings.", "generationConfig.stopSequences"));
        }
    }

    private static double Number(JsonElement value, string param) =>
        value.ValueKind == JsonValueKind.Number ? value.GetDouble() : throw BadRequest($"'{param}' must be a number.", param);
}
