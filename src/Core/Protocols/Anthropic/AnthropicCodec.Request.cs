using System.Globalization;
using System.Text.Json;
using LlmGateway.Translation;

namespace LlmGateway.Protocols.Anthropic;

/// <summary>A client's Messages request → canonical.</summary>
internal static partial class AnthropicCodec
{
    /// <summary>
    /// Reads a client's <c>/v1/messages</c> body. Fields without a canonical place (<c>context_management</c>,
    /// <c>container</c>, <c>mcp_servers</c>, unknown ones) go to <see cref="CanonicalRequest.Extensions"/> verbatim
    /// (<c>output_config</c> members other than <c>effort</c> and <c>format</c> as <c>output_config.&lt;name&gt;</c>);
    /// <c>service_tier</c> is dropped: it only picks Anthropic's capacity pool. Invalid input is a 400 naming the parameter.
    /// </summary>
    /// <param name="requireMaxTokens">False for <c>count_tokens</c>, whose body has no <c>max_tokens</c>.</param>
    public static CanonicalRequest DecodeRequest(JsonElement root, bool requireMaxTokens = true)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw BadRequest("The request body must be a JSON object.", null);
        }

        var request = new CanonicalRequest { Source = WireFormat.AnthropicMessages, Model = "" };
        JsonElement model = default, maxTokens = default, system = default, messages = default, thinking = default;
        string? effort = null;
        foreach (var property in root.EnumerateObject())
        {
            var value = property.Value;
            if (property.NameEquals("model"u8))
            {
                model = value;
            }
            else if (property.NameEquals("max_tokens"u8))
            {
                maxTokens = value;
            }
            else if (property.NameEquals("messages"u8))
            {
                messages = value;
            }
            else if (property.NameEquals("system"u8))
            {
                system = value;
            }
            else if (property.NameEquals("tools"u8))
            {
                ReadTools(value, request);
            }
            else if (property.NameEquals("tool_choice"u8))
            {
                ReadToolChoice(value, request);
            }
            else if (property.NameEquals("temperature"u8))
            {
                request.Temperature = ReadDouble(value, "temperature");
            }
            else if (property.NameEquals("top_p"u8))
            {
                request.TopP = ReadDouble(value, "top_p");
            }
            else if (property.NameEquals("top_k"u8))
            {
                request.TopK = ReadInt(value, "top_k");
            }
            else if (property.NameEquals("stop_sequences"u8))
            {
                ReadStopSequences(value, request);
            }
            else if (property.NameEquals("stream"u8))
            {
                request.Stream = value.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False or JsonValueKind.Null => false,
                    _ => throw BadRequest("'stream' must be a boolean.", "stream"),
                };
            }
            else if (property.NameEquals("metadata"u8))
            {
                request.User = ReadUserId(value);
            }
            else if (property.NameEquals("thinking"u8))
            {
                thinking = value;
            }
            else if (property.NameEquals("output_config"u8))
            {
                effort = ReadOutputConfig(value, request);
            }
            else if (property.NameEquals("output_format"u8))
            {
                // The structured-outputs beta's spelling of output_config.format.
                request.ResponseFormat = ReadFormat(value, "output_format");
            }
            else if (!property.NameEquals("service_tier"u8))
            {
                request.Extensions[property.Name] = value;
            }
        }

        request.Model = model.ValueKind == JsonValueKind.String && model.GetString() is { Length: > 0 } name
            ? name
            : throw BadRequest("'model' is required and must be a non-empty string.", "model");
        request.MaxTokens = maxTokens.ValueKind == JsonValueKind.Number && maxTokens.TryGetInt32(out var max) && max > 0
            ? max
            : !requireMaxTokens && maxTokens.ValueKind == JsonValueKind.Undefined ? null
            : throw BadRequest("'max_tokens' is required and must be a positive integer.", "max_tokens");
        request.Reasoning = ReadThinking(thinking, effort);
        ReadSystem(system, request);
        if (messages.ValueKind != JsonValueKind.Array)
        {
            throw BadRequest("'messages' is required and must be an array.", "messages");
        }

        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            request.Messages.Add(ReadMessage(message, index++));
        }

        return request;
    }

    private static double ReadDouble(JsonElement value, string param) =>
        value.ValueKind == JsonValueKind.Number ? value.GetDouble() : throw BadRequest($"'{param}' must be a number.", param);

    private static int ReadInt(JsonElement value, string param) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var result)
            ? result
            : throw BadRequest($"'{param}' must be an integer.", param);

    private static void ReadTools(JsonElement tools, CanonicalRequest request)
    {
        if (tools.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (tools.ValueKind != JsonValueKind.Array)
        {
            throw BadRequest("'tools' must be an array.", "tools");
        }

        var index = 0;
        foreach (var tool in tools.EnumerateArray())
        {
            var path = new BlockPath("tools", index++);
            if (tool.ValueKind != JsonValueKind.Object)
            {
                throw BadRequest("Each tool must be an object.", path.ToString());
            }

            var type = tool.TryGetProperty("type"u8, out var typeElement) && typeElement.ValueKind == JsonValueKind.String ? typeElement : default;
            if (type.ValueKind == JsonValueKind.String && !type.ValueEquals("custom"u8))
            {
                // A server or client tool Anthropic defines itself (web_search_20250305, bash_20250124...).
                var builtIn = type.GetString()!;
                request.Tools.Add(new ToolDefinition(OptionalString(tool, "name"u8) ?? builtIn, null)
                {
                    BuiltInType = builtIn,
                    Raw = tool,
                    CacheControl = CacheControlOf(tool),
                });
                continue;
            }

            var schema = tool.TryGetProperty("input_schema"u8, out var schemaElement) && schemaElement.ValueKind == JsonValueKind.Object
                ? schemaElement
                : throw BadRequest("A tool needs an 'input_schema' object.", path + ".input_schema");
            request.Tools.Add(new ToolDefinition(RequiredString(tool, "name"u8, path, "name"), OptionalString(tool, "description"u8), schema)
            {
                Strict = tool.TryGetProperty("strict"u8, out var strict) && strict.ValueKind is JsonValueKind.True or JsonValueKind.False
                    ? strict.GetBoolean()
                    : null,
                CacheControl = CacheControlOf(tool),
            });
        }
    }

    private static void ReadToolChoice(JsonElement choice, CanonicalRequest request)
    {
        if (choice.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (choice.ValueKind != JsonValueKind.Object || !choice.TryGetProperty("type"u8, out var type) || type.ValueKind != JsonValueKind.String)
        {
            throw BadRequest("'tool_choice' must be an object with a 'type'.", "tool_choice");
        }

        request.ToolChoice = type.ValueEquals("auto"u8) ? new ToolChoice(ToolChoiceMode.Auto)
            : type.ValueEquals("any"u8) ? new ToolChoice(ToolChoiceMode.Required)
            : type.ValueEquals("none"u8) ? new ToolChoice(ToolChoiceMode.None)
            : type.ValueEquals("tool"u8) ? new ToolChoice(ToolChoiceMode.Tool, choice.TryGetProperty("name"u8, out var name) && name.ValueKind == JsonValueKind.String
                ? name.GetString()
                : throw BadRequest("'tool_choice.name' is required when its type is 'tool'.", "tool_choice.name"))
            : throw BadRequest("'tool_choice.type' must be 'auto', 'any', 'tool' or 'none'.", "tool_choice.type");
        if (choice.TryGetProperty("disable_parallel_tool_use"u8, out var disable) && disable.ValueKind == JsonValueKind.True)
        {
            request.ParallelToolCalls = false;
        }
    }

    private static void ReadStopSequences(JsonElement value, CanonicalRequest request)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw BadRequest("'stop_sequences' must be an array of strings.", "stop_sequences");
        }

        foreach (var item in value.EnumerateArray())
        {
            request.StopSequences.Add(item.ValueKind == JsonValueKind.String
                ? item.GetString()!
                : throw BadRequest("'stop_sequences' must be an array of strings.", "stop_sequences"));
        }
    }

    private static string? ReadUserId(JsonElement metadata) =>
        metadata.ValueKind switch
        {
            JsonValueKind.Object => metadata.TryGetProperty("user_id"u8, out var user) && user.ValueKind == JsonValueKind.String ? user.GetString() : null,
            JsonValueKind.Null => null,
            _ => throw BadRequest("'metadata' must be an object.", "metadata"),
        };

    private static ReasoningConfig? ReadThinking(JsonElement thinking, string? effort)
    {
        ReasoningConfig? config = null;
        if (thinking.ValueKind == JsonValueKind.Object)
        {
            if (!thinking.TryGetProperty("type"u8, out var type) || type.ValueKind != JsonValueKind.String)
            {
                throw BadRequest("'thinking.type' is required.", "thinking.type");
            }

            config = type.ValueEquals("enabled"u8)
                ? new ReasoningConfig
                {
                    BudgetTokens = thinking.TryGetProperty("budget_tokens"u8, out var budget) && budget.ValueKind == JsonValueKind.Number && budget.TryGetInt32(out var tokens)
                        ? tokens
                        : throw BadRequest("'thinking.budget_tokens' is required when thinking is enabled.", "thinking.budget_tokens"),
                }
                : type.ValueEquals("adaptive"u8) ? new ReasoningConfig { Adaptive = true }
                : type.ValueEquals("disabled"u8) ? new ReasoningConfig { Disabled = true }
                : throw BadRequest("'thinking.type' must be 'enabled', 'adaptive' or 'disabled'.", "thinking.type");
        }
        else if (thinking.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null))
        {
            throw BadRequest("'thinking' must be an object.", "thinking");
        }

        return effort is null ? config : (config ?? new ReasoningConfig()) with { Effort = effort };
    }

    /// <summary>Reads <c>output_config</c>; returns its <c>effort</c>.</summary>
    private static string? ReadOutputConfig(JsonElement config, CanonicalRequest request)
    {
        if (config.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (config.ValueKind != JsonValueKind.Object)
        {
            throw BadRequest("'output_config' must be an object.", "output_config");
        }

        string? effort = null;
        foreach (var property in config.EnumerateObject())
        {
            var value = property.Value;
            if (property.NameEquals("effort"u8))
            {
                effort = value.ValueKind switch
                {
                    JsonValueKind.String => value.GetString(),
                    JsonValueKind.Null => null,
                    _ => throw BadRequest("'output_config.effort' must be a string.", "output_config.effort"),
                };
            }
            else if (property.NameEquals("format"u8))
            {
                request.ResponseFormat = ReadFormat(value, "output_config.format");
            }
            else
            {
                // task_budget and whatever comes next: kept by name so that a target can reject it precisely.
                request.Extensions["output_config." + property.Name] = value;
            }
        }

        return effort;
    }

    private static ResponseFormat? ReadFormat(JsonElement format, string param)
    {
        if (format.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (!IsType(format, "json_schema"u8))
        {
            throw BadRequest($"'{param}.type' must be 'json_schema'.", param + ".type");
        }

        return format.TryGetProperty("schema"u8, out var schema) && schema.ValueKind == JsonValueKind.Object
            ? new ResponseFormat(ResponseFormatKind.JsonSchema) { Schema = schema }
            : throw BadRequest($"'{param}.schema' is required and must be an object.", param + ".schema");
    }
}
