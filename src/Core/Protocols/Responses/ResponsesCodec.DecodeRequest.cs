using System.Text.Json;
using LlmGateway.Http;
using LlmGateway.Translation;

namespace LlmGateway.Protocols.Responses;

/// <summary>A client's Responses request → canonical: the top-level fields.</summary>
internal static partial class ResponsesCodec
{
    /// <summary>
    /// Reads a client's <c>/v1/responses</c> body for an upstream of another format. The gateway is stateless:
    /// <c>previous_response_id</c> and <c>conversation</c> are rejected (400 naming them; send the whole conversation
    /// in <c>input</c>), <c>store</c> is accepted and ignored. Hints that mean nothing elsewhere are dropped
    /// (<c>store</c>, <c>include</c> unless it asks for log probabilities, <c>metadata</c>, <c>service_tier</c>, <c>prompt_cache_key</c>,
    /// <c>prompt_cache_retention</c>, <c>safety_identifier</c>, <c>truncation</c>, <c>stream_options</c>,
    /// <c>reasoning.summary</c>, and <c>background</c>, <c>top_logprobs</c>, <c>max_tool_calls</c> at their defaults);
    /// anything else without a canonical place goes to <see cref="CanonicalRequest.Extensions"/> verbatim
    /// (<c>text.verbosity</c> under that name), for the target to reject by name. JSON values kept point into
    /// <paramref name="root"/>'s document.
    /// </summary>
    public static CanonicalRequest DecodeRequest(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw BadRequest("The request body must be a JSON object.", null, "invalid_request");
        }

        if (!root.TryGetProperty("model"u8, out var model) || model.ValueKind != JsonValueKind.String || model.GetString() is not { Length: > 0 } modelName)
        {
            throw BadRequest("You must provide a model parameter.", "model", "missing_required_parameter");
        }

        var request = new CanonicalRequest { Source = WireFormat.OpenAIResponses, Model = modelName };
        JsonElement input = default, instructions = default;
        foreach (var property in root.EnumerateObject())
        {
            var value = property.Value;
            var name = property.Name;
            switch (name)
            {
                case "model":
                    break;
                case "input":
                    input = value;
                    break;
                case "instructions":
                    instructions = value;
                    break;
                case "tools":
                    DecodeTools(value, request.Tools);
                    break;
                case "tool_choice":
                    DecodeToolChoice(value, request);
                    break;
                case "parallel_tool_calls":
                    request.ParallelToolCalls = OptionalBool(value, name);
                    break;
                case "max_output_tokens":
                    request.MaxTokens = OptionalPositiveInt(value, name);
                    break;
                case "temperature":
                    request.Temperature = OptionalNumber(value, name);
                    break;
                case "top_p":
                    request.TopP = OptionalNumber(value, name);
                    break;
                case "text":
                    DecodeText(value, request);
                    break;
                case "reasoning":
                    request.Reasoning = DecodeReasoning(value);
                    break;
                case "user":
                    request.User = OptionalString(value, name);
                    break;
                case "stream":
                    request.Stream = OptionalBool(value, name) ?? false;
                    break;
                case "previous_response_id" or "conversation":
                    if (value.ValueKind != JsonValueKind.Null)
                    {
                        throw new GatewayErrorException(GatewayError.Unsupported(name, OtherTarget,
                            "the gateway stores no responses or conversations; send the whole conversation in 'input' (as Codex does with store: false)"));
                    }

                    break;
                case "include":
                    // Extra output the gateway produces anyway (encrypted reasoning) or that concerns built-in tools and
                    // stored items; only log probabilities are something another provider would have to deliver.
                    ExtendUnless(request, name, value, !AsksForLogprobs(value));
                    break;
                case "store" or "metadata" or "service_tier" or "prompt_cache_key" or "prompt_cache_retention"
                    or "safety_identifier" or "truncation" or "stream_options":
                    break;
                case "background":
                    ExtendUnless(request, name, value, value.ValueKind is JsonValueKind.Null or JsonValueKind.False);
                    break;
                case "top_logprobs":
                    ExtendUnless(request, name, value, value.ValueKind == JsonValueKind.Null || (value.ValueKind == JsonValueKind.Number && value.GetDouble() == 0));
                    break;
                case "max_tool_calls":
                    ExtendUnless(request, name, value, value.ValueKind == JsonValueKind.Null);
                    break;
                default:
                    request.Extensions[name] = value;
                    break;
            }
        }

        if (instructions.ValueKind == JsonValueKind.String && instructions.GetString() is { Length: > 0 } text)
        {
            request.Messages.Add(new CanonicalMessage(ChatRole.System, [new TextPart(text)]));
        }
        else if (instructions.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.String))
        {
            throw InvalidType("instructions", "a string");
        }

        DecodeInput(input, request.Messages);
        return request;
    }

    private static bool AsksForLogprobs(JsonElement include)
    {
        if (include.ValueKind != JsonValueKind.Array)
        {
            return include.ValueKind != JsonValueKind.Null ? throw InvalidType("include", "an array of strings") : false;
        }

        foreach (var value in include.EnumerateArray())
        {
            if (value.ValueKind == JsonValueKind.String && value.ValueEquals("message.output_text.logprobs"u8))
            {
                return true;
            }
        }

        return false;
    }

    private static void ExtendUnless(CanonicalRequest request, string name, JsonElement value, bool isDefault)
    {
        if (!isDefault)
        {
            request.Extensions[name] = value;
        }
    }

    /// <summary><c>text</c>: <c>format</c> → the response format; <c>verbosity</c> kept as the extension <c>text.verbosity</c>.</summary>
    private static void DecodeText(JsonElement text, CanonicalRequest request)
    {
        if (text.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (text.ValueKind != JsonValueKind.Object)
        {
            throw InvalidType("text", "an object");
        }

        foreach (var property in text.EnumerateObject())
        {
            if (property.NameEquals("format"u8))
            {
                request.ResponseFormat = DecodeFormat(property.Value);
            }
            else if (property.Value.ValueKind != JsonValueKind.Null)
            {
                request.Extensions["text." + property.Name] = property.Value;
            }
        }
    }

    private static ResponseFormat? DecodeFormat(JsonElement format)
    {
        if (format.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (format.ValueKind != JsonValueKind.Object)
        {
            throw InvalidType("text.format", "an object");
        }

        var type = RequiredString(format, "type"u8, "text.format.type");
        return type switch
        {
            "text" => new ResponseFormat(ResponseFormatKind.Text),
            "json_object" => new ResponseFormat(ResponseFormatKind.JsonObject),
            "json_schema" => new ResponseFormat(ResponseFormatKind.JsonSchema)
            {
                Name = OptionalString(format, "name"u8, "text.format.name"),
                Description = OptionalString(format, "description"u8, "text.format.description"),
                Schema = format.TryGetProperty("schema"u8, out var schema) && schema.ValueKind == JsonValueKind.Object
                    ? schema
                    : throw Missing("text.format.schema"),
                Strict = format.TryGetProperty("strict"u8, out var strict) ? OptionalBool(strict, "text.format.strict") : null,
            },
            _ => throw BadRequest("Invalid value for 'text.format.type': expected 'text', 'json_object' or 'json_schema'.", "text.format.type"),
        };
    }

    /// <summary><c>reasoning.effort</c> → effort (<c>none</c> → disabled); <c>summary</c> is a display choice with no canonical place.</summary>
    private static ReasoningConfig? DecodeReasoning(JsonElement reasoning)
    {
        if (reasoning.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (reasoning.ValueKind != JsonValueKind.Object)
        {
            throw InvalidType("reasoning", "an object");
        }

        var effort = OptionalString(reasoning, "effort"u8, "reasoning.effort");
        return effort switch
        {
            null => null,
            "none" => new ReasoningConfig { Disabled = true },
            _ when ReasoningMapping.BudgetFor(effort) is not null => new ReasoningConfig { Effort = effort },
            _ => throw BadRequest(
                $"Invalid value for 'reasoning.effort': '{effort}'. Supported values are: 'none', 'minimal', 'low', 'medium', 'high' and 'xhigh'.",
                "reasoning.effort"),
        };
    }

    private static bool? OptionalBool(JsonElement value, string param) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null => null,
        _ => throw InvalidType(param, "a boolean"),
    };

    private static double? OptionalNumber(JsonElement value, string param) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.Null => null,
        _ => throw InvalidType(param, "a number"),
    };

    private static string? OptionalString(JsonElement value, string param) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null => null,
        _ => throw InvalidType(param, "a string"),
    };

    private static int? OptionalPositiveInt(JsonElement value, string param) =>
        value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number > 0 ? number
        : throw BadRequest($"Invalid value for '{param}': expected a positive integer.", param);
}
