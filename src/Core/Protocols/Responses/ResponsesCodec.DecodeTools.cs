using System.Text.Json;
using LlmGateway.Translation;

namespace LlmGateway.Protocols.Responses;

/// <summary>A client's Responses request → canonical: <c>tools</c> and <c>tool_choice</c>.</summary>
internal static partial class ResponsesCodec
{
    /// <summary>
    /// Function tools (<c>{type:function, name, description, parameters, strict}</c>, flat as Responses has them) become
    /// canonical tools; every other type (<c>web_search</c>, <c>file_search</c>, <c>computer_use_preview</c>,
    /// <c>namespace</c>, <c>custom</c>, <c>mcp</c>...) is one of OpenAI's built-in tools, kept whole: it goes back
    /// only to a Responses upstream, and any other target rejects it naming its type.
    /// </summary>
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
            var path = new At("tools", k++);
            if (tool.ValueKind != JsonValueKind.Object)
            {
                throw InvalidType(path.ToString(), "an object");
            }

            var type = RequiredString(tool, "type"u8, path, "type");
            if (type != "function")
            {
                output.Add(new ToolDefinition(OptionalString(tool, "name"u8, path, "name") ?? type, null) { BuiltInType = type, Raw = tool });
                continue;
            }

            var name = RequiredString(tool, "name"u8, path, "name");
            var parameters = tool.TryGetProperty("parameters"u8, out var schema) && schema.ValueKind != JsonValueKind.Null ? schema : default;
            if (parameters.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Object))
            {
                throw InvalidType(path.Field("parameters"), "an object");
            }

            output.Add(new ToolDefinition(name, OptionalString(tool, "description"u8, path, "description"), parameters)
            {
                Strict = tool.TryGetProperty("strict"u8, out var strict) ? OptionalBool(strict, path.Field("strict")) : null,
            });
        }
    }

    /// <summary>
    /// <c>auto</c>, <c>none</c>, <c>required</c>, <c>{type:function, name}</c>. Choices of built-in tools and
    /// <c>allowed_tools</c> have no canonical form: kept as the extension <c>tool_choice</c>.
    /// </summary>
    private static void DecodeToolChoice(JsonElement choice, CanonicalRequest request)
    {
        switch (choice.ValueKind)
        {
            case JsonValueKind.Null:
                return;
            case JsonValueKind.String when choice.ValueEquals("auto"u8):
                request.ToolChoice = new ToolChoice(ToolChoiceMode.Auto);
                return;
            case JsonValueKind.String when choice.ValueEquals("none"u8):
                request.ToolChoice = new ToolChoice(ToolChoiceMode.None);
                return;
            case JsonValueKind.String when choice.ValueEquals("required"u8):
                request.ToolChoice = new ToolChoice(ToolChoiceMode.Required);
                return;
            case JsonValueKind.Object when IsType(choice, "function"u8):
                request.ToolChoice = new ToolChoice(ToolChoiceMode.Tool, RequiredString(choice, "name"u8, "tool_choice.name"));
                return;
            case JsonValueKind.Object:
                request.Extensions["tool_choice"] = choice;
                return;
            default:
                throw BadRequest("Invalid value for 'tool_choice': expected 'none', 'auto', 'required' or an object.", "tool_choice");
        }
    }
}
