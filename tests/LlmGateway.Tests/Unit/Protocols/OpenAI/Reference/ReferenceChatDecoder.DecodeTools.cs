using System.Text.Json;
using LlmGateway.Http;
using LlmGateway.Translation;

namespace LlmGateway.Tests.Unit.Protocols.OpenAI.Reference;

internal static partial class ReferenceChatDecoder
{
    private static void DecodeTools(JsonElement tools, List<ToolDefinition> output)
    {
        if (tools.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (tools.ValueKind != JsonValueKind.Array)
        {
            throw InvalidType("tools", "an array");
        }

        var k = 0;
        foreach (var tool in tools.EnumerateArray())
        {
            if (tool.ValueKind != JsonValueKind.Object)
            {
                throw InvalidType(new ParamPath("tools[{0}]", k), "an object");
            }

            if (!tool.TryGetProperty("type"u8, out var type) || type.ValueKind != JsonValueKind.String)
            {
                throw Missing(new ParamPath("tools[{0}].type", k));
            }

            if (!type.ValueEquals("function"u8))
            {
                // A built-in tool of OpenAI's (web_search, custom...): only an OpenAI upstream can carry it.
                var typeName = type.GetString()!;
                output.Add(new ToolDefinition(typeName, null) { BuiltInType = typeName, Raw = tool });
                k++;
                continue;
            }

            if (!tool.TryGetProperty("function"u8, out var function) || function.ValueKind != JsonValueKind.Object)
            {
                throw Missing(new ParamPath("tools[{0}].function", k));
            }

            if (!function.TryGetProperty("name"u8, out var name) || name.ValueKind != JsonValueKind.String || name.GetString() is not { Length: > 0 } toolName)
            {
                throw Missing(new ParamPath("tools[{0}].function.name", k));
            }

            var description = function.TryGetProperty("description"u8, out var descriptionValue) ? OptionalString(descriptionValue, new ParamPath("tools[{0}].function.description", k)) : null;
            var parameters = function.TryGetProperty("parameters"u8, out var parametersValue) && parametersValue.ValueKind != JsonValueKind.Null ? parametersValue : default;
            var strict = function.TryGetProperty("strict"u8, out var strictValue) ? OptionalBool(strictValue, new ParamPath("tools[{0}].function.strict", k)) : null;
            if (parameters.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Object))
            {
                throw InvalidType(new ParamPath("tools[{0}].function.parameters", k), "an object");
            }

            output.Add(new ToolDefinition(toolName, description, parameters) { Strict = strict });
            k++;
        }
    }

    private static ToolChoice? DecodeToolChoice(JsonElement choice)
    {
        switch (choice.ValueKind)
        {
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.String when choice.ValueEquals("auto"u8):
                return new ToolChoice(ToolChoiceMode.Auto);
            case JsonValueKind.String when choice.ValueEquals("none"u8):
                return new ToolChoice(ToolChoiceMode.None);
            case JsonValueKind.String when choice.ValueEquals("required"u8):
                return new ToolChoice(ToolChoiceMode.Required);
            case JsonValueKind.Object:
                if (choice.TryGetProperty("type"u8, out var type) && type.ValueKind == JsonValueKind.String && type.ValueEquals("function"u8)
                    && choice.TryGetProperty("function"u8, out var function) && function.ValueKind == JsonValueKind.Object
                    && function.TryGetProperty("name"u8, out var name) && name.ValueKind == JsonValueKind.String)
                {
                    return new ToolChoice(ToolChoiceMode.Tool, name.GetString());
                }

                throw Invalid("Invalid 'tool_choice': expected {\"type\":\"function\",\"function\":{\"name\":...}}; other tool choice types cannot be translated.", "tool_choice");
            default:
                throw Invalid("Invalid value for 'tool_choice': expected 'none', 'auto', 'required' or a function.", "tool_choice");
        }
    }
}
