using System.Text.Json;
using LlmGateway.Http;
using LlmGateway.Translation;

namespace LlmGateway.Tests.Unit.Protocols.OpenAI.Reference;

internal static partial class ReferenceChatDecoder
{
    /// <summary>
    /// A client's Chat Completions request → canonical. Throws a 400 naming the parameter on invalid input. Fields
    /// without a canonical place go to <see cref="CanonicalRequest.Extensions"/> verbatim, except OpenAI-only
    /// knobs at their defaults (and <c>store</c>, <c>metadata</c>, <c>service_tier</c>, <c>stream_options</c>,
    /// <c>prompt_cache_key</c>, <c>safety_identifier</c>: storage, billing, caching and abuse-tracking hints),
    /// which mean nothing elsewhere and are dropped. JSON values kept point into <paramref name="root"/>'s document.
    /// </summary>
    public static CanonicalRequest DecodeRequest(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Invalid("The request body must be a JSON object.", null, "invalid_request");
        }

        if (!root.TryGetProperty("model"u8, out var model) || model.ValueKind != JsonValueKind.String || model.GetString() is not { Length: > 0 } modelName)
        {
            throw Invalid("You must provide a model parameter.", "model", "missing_required_parameter");
        }

        var request = new CanonicalRequest { Source = WireFormat.OpenAIChat, Model = modelName };
        var sawMessages = false;
        int? maxCompletionTokens = null, maxTokens = null;
        foreach (var property in root.EnumerateObject())
        {
            var value = property.Value;
            var name = property.Name;
            switch (name)
            {
                case "model":
                    break;
                case "messages":
                    DecodeMessages(value, request.Messages);
                    sawMessages = true;
                    break;
                case "tools":
                    DecodeTools(value, request.Tools);
                    break;
                case "tool_choice":
                    request.ToolChoice = DecodeToolChoice(value);
                    break;
                case "parallel_tool_calls":
                    request.ParallelToolCalls = OptionalBool(value, name);
                    break;
                case "max_completion_tokens":
                    maxCompletionTokens = OptionalPositiveInt(value, name);
                    break;
                case "max_tokens":
                    maxTokens = OptionalPositiveInt(value, name);
                    break;
                case "temperature":
                    request.Temperature = OptionalNumber(value, name);
                    break;
                case "top_p":
                    request.TopP = OptionalNumber(value, name);
                    break;
                case "stop":
                    DecodeStop(value, request.StopSequences);
                    break;
                case "reasoning_effort":
                    request.Reasoning = DecodeReasoningEffort(value);
                    break;
                case "response_format":
                    request.ResponseFormat = DecodeResponseFormat(value);
                    break;
                case "user":
                    request.User = OptionalString(value, name);
                    break;
                case "stream":
                    request.Stream = OptionalBool(value, name) ?? false;
                    break;
                case "stream_options":
                    request.IncludeUsage = DecodeIncludeUsage(value);
                    break;
                case "store" or "metadata" or "service_tier" or "prompt_cache_key" or "safety_identifier":
                    break;
                case "n":
                    ExtendUnless(request, name, value, IsNullOrNumber(value, 1));
                    break;
                case "logprobs":
                    ExtendUnless(request, name, value, value.ValueKind is JsonValueKind.Null or JsonValueKind.False);
                    break;
                case "presence_penalty" or "frequency_penalty":
                    ExtendUnless(request, name, value, IsNullOrNumber(value, 0));
                    break;
                case "modalities":
                    ExtendUnless(request, name, value, IsNullOrTextOnly(value));
                    break;
                case "logit_bias":
                    ExtendUnless(request, name, value, value.ValueKind == JsonValueKind.Null
                        || (value.ValueKind == JsonValueKind.Object && !value.EnumerateObject().MoveNext()));
                    break;
                case "top_logprobs" or "seed" or "audio" or "prediction" or "web_search_options":
                    ExtendUnless(request, name, value, value.ValueKind == JsonValueKind.Null);
                    break;
                default:
                    request.Extensions[name] = value;
                    break;
            }
        }

        if (!sawMessages)
        {
            throw Invalid("Missing required parameter: 'messages' (an array of messages).", "messages", "missing_required_parameter");
        }

        request.MaxTokens = maxCompletionTokens ?? maxTokens;
        return request;
    }

    private static void ExtendUnless(CanonicalRequest request, string name, JsonElement value, bool isDefault)
    {
        if (!isDefault)
        {
            request.Extensions[name] = value;
        }
    }

    private static bool IsNullOrNumber(JsonElement value, double number) =>
        value.ValueKind == JsonValueKind.Null || (value.ValueKind == JsonValueKind.Number && value.GetDouble() == number);

    private static bool IsNullOrTextOnly(JsonElement modalities) =>
        modalities.ValueKind == JsonValueKind.Null
        || (modalities.ValueKind == JsonValueKind.Array && modalities.GetArrayLength() == 1 && modalities[0].ValueKind == JsonValueKind.String && modalities[0].ValueEquals("text"u8));

    private static void DecodeStop(JsonElement stop, List<string> output)
    {
        switch (stop.ValueKind)
        {
            case JsonValueKind.Null:
                return;
            case JsonValueKind.String:
                output.Add(stop.GetString()!);
                return;
            case JsonValueKind.Array:
                var k = 0;
                foreach (var item in stop.EnumerateArray())
                {
                    output.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : throw InvalidType(new ParamPath("stop[{0}]", k), "a string"));
                    k++;
                }

                return;
            default:
                throw InvalidType("stop", "a string or an array of strings");
        }
    }

    private static ReasoningConfig? DecodeReasoningEffort(JsonElement effort)
    {
        if (effort.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (effort.ValueKind != JsonValueKind.String)
        {
            throw InvalidType("reasoning_effort", "a string");
        }

        var value = effort.GetString()!;
        if (value == "none")
        {
            return new ReasoningConfig { Disabled = true };
        }

        return ReasoningMapping.BudgetFor(value) is null
            ? throw Invalid($"Invalid value for 'reasoning_effort': '{value}'. Supported values are: 'none', 'minimal', 'low', 'medium', 'high' and 'xhigh'.", "reasoning_effort")
            : new ReasoningConfig { Effort = value };
    }

    private static ResponseFormat? DecodeResponseFormat(JsonElement format)
    {
        if (format.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (format.ValueKind != JsonValueKind.Object)
        {
            throw InvalidType("response_format", "an object");
        }

        if (!format.TryGetProperty("type"u8, out var type) || type.ValueKind != JsonValueKind.String)
        {
            throw Missing("response_format.type");
        }

        if (type.ValueEquals("text"u8))
        {
            return new ResponseFormat(ResponseFormatKind.Text);
        }

        if (type.ValueEquals("json_object"u8))
        {
            return new ResponseFormat(ResponseFormatKind.JsonObject);
        }

        if (!type.ValueEquals("json_schema"u8))
        {
            throw Invalid("Invalid value for 'response_format.type': expected 'text', 'json_object' or 'json_schema'.", "response_format.type");
        }

        if (!format.TryGetProperty("json_schema"u8, out var schema) || schema.ValueKind != JsonValueKind.Object)
        {
            throw Missing("response_format.json_schema");
        }

        return new ResponseFormat(ResponseFormatKind.JsonSchema)
        {
            Name = schema.TryGetProperty("name"u8, out var name) ? OptionalString(name, "response_format.json_schema.name") : null,
            Description = schema.TryGetProperty("description"u8, out var description) ? OptionalString(description, "response_format.json_schema.description") : null,
            Schema = schema.TryGetProperty("schema"u8, out var body) && body.ValueKind != JsonValueKind.Null ? body : null,
            Strict = schema.TryGetProperty("strict"u8, out var strict) ? OptionalBool(strict, "response_format.json_schema.strict") : null,
        };
    }

    private static bool DecodeIncludeUsage(JsonElement options)
    {
        if (options.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        if (options.ValueKind != JsonValueKind.Object)
        {
            throw InvalidType("stream_options", "an object");
        }

        return options.TryGetProperty("include_usage"u8, out var include) && OptionalBool(include, "stream_options.include_usage") == true;
    }

    private static bool? OptionalBool(JsonElement value, ParamPath param) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null => null,
        _ => throw InvalidType(param, "a boolean"),
    };

    private static double? OptionalNumber(JsonElement value, ParamPath param) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.Null => null,
        _ => throw InvalidType(param, "a number"),
    };

    private static string? OptionalString(JsonElement value, ParamPath param) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null => null,
        _ => throw InvalidType(param, "a string"),
    };

    private static int? OptionalPositiveInt(JsonElement value, ParamPath param)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number > 0
            ? number
            : throw Invalid($"Invalid value for '{param}': expected a positive integer.", param);
    }
}
