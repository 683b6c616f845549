using System.Text.Json;
using LlmGateway.Translation;

namespace LlmGateway.Protocols.Gemini;

/// <summary>A client's <c>tools</c> and <c>toolConfig</c> → canonical.</summary>
internal static partial class GeminiCodec
{
    /// <summary>
    /// <c>functionDeclarations</c> become functions (an OpenAPI-style <c>parameters</c> schema with its types in
    /// lower case, a <c>parametersJsonSchema</c> as it is); every other member of a tool (<c>googleSearch</c>,
    /// <c>codeExecution</c>, <c>urlContext</c>...) becomes a built-in tool named after the member, with the member's
    /// value as <see cref="ToolDefinition.Raw"/>.
    /// </summary>
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
            if (tool.ValueKind != JsonValueKind.Object)
            {
                throw BadRequest("Each tool must be an object.", Path("tools", index));
            }

            foreach (var property in tool.EnumerateObject())
            {
                if (Is(property, "functionDeclarations"u8, "function_declarations"u8))
                {
                    ReadDeclarations(property.Value, index, request);
                }
                else if (property.Value.ValueKind != JsonValueKind.Null)
                {
                    request.Tools.Add(new ToolDefinition(property.Name, null) { BuiltInType = property.Name, Raw = property.Value });
                }
            }

            index++;
        }
    }

    private static void ReadDeclarations(JsonElement declarations, int toolIndex, CanonicalRequest request)
    {
        if (declarations.ValueKind != JsonValueKind.Array)
        {
            throw BadRequest("'functionDeclarations' must be an array.", Path("tools", toolIndex) + ".functionDeclarations");
        }

        var index = 0;
        foreach (var declaration in declarations.EnumerateArray())
        {
            var path = Path("tools", toolIndex, "functionDeclarations", index++);
            if (declaration.ValueKind != JsonValueKind.Object)
            {
                throw BadRequest("Each function declaration must be an object.", path);
            }

            var name = OptionalString(declaration, "name"u8, "name"u8)
                ?? throw BadRequest("A function declaration needs a 'name'.", path + ".name");
            JsonElement parameters = default;
            if (TryGet(declaration, "parametersJsonSchema"u8, "parameters_json_schema"u8, out var jsonSchema) && jsonSchema.ValueKind == JsonValueKind.Object)
            {
                parameters = jsonSchema;
            }
            else if (declaration.TryGetProperty("parameters"u8, out var schema) && schema.ValueKind == JsonValueKind.Object)
            {
                parameters = GeminiSchema.ToJsonSchema(schema);
            }

            else if (TryGet(declaration, "parametersJsonSchema"u8, "parameters_json_schema"u8, out var other) && other.ValueKind != JsonValueKind.Null
                || declaration.TryGetProperty("parameters"u8, out other) && other.ValueKind != JsonValueKind.Null)
            {
                throw BadRequest("A function declaration's parameters must be a schema object.", path + ".parameters");
            }

            request.Tools.Add(new ToolDefinition(name, OptionalString(declaration, "description"u8, "description"u8), parameters));
        }
    }

    /// <summary>
    /// <c>functionCallingConfig.mode</c>: AUTO and VALIDATED → auto, ANY → required (a named tool when
    /// <c>allowedFunctionNames</c> holds exactly one name), NONE → none. Other members of <c>toolConfig</c>
    /// (<c>retrievalConfig</c>) are kept as <c>toolConfig.&lt;name&gt;</c>.
    /// </summary>
    private static void ReadToolConfig(JsonElement config, CanonicalRequest request)
    {
        if (config.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (config.ValueKind != JsonValueKind.Object)
        {
            throw BadRequest("'toolConfig' must be an object.", "toolConfig");
        }

        foreach (var property in config.EnumerateObject())
        {
            if (Is(property, "functionCallingConfig"u8, "function_calling_config"u8))
            {
                request.ToolChoice = ReadFunctionCallingConfig(property.Value);
            }
            else if (property.Value.ValueKind != JsonValueKind.Null)
            {
                request.Extensions[ToolConfigPrefix + property.Name] = property.Value;
            }
        }
    }

    private static ToolChoice? ReadFunctionCallingConfig(JsonElement config)
    {
        if (config.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (config.ValueKind != JsonValueKind.Object)
        {
            throw BadRequest("'toolConfig.functionCallingConfig' must be an object.", "toolConfig.functionCallingConfig");
        }

        var mode = OptionalString(config, "mode"u8, "mode"u8)?.ToUpperInvariant();
        string? onlyName = null;
        if (TryGet(config, "allowedFunctionNames"u8, "allowed_function_names"u8, out var names) && names.ValueKind == JsonValueKind.Array
            && names.GetArrayLength() == 1 && names[0].ValueKind == JsonValueKind.String)
        {
            onlyName = names[0].GetString();
        }

        return mode switch
        {
            null or "MODE_UNSPECIFIED" => null,
            "AUTO" or "VALIDATED" => new ToolChoice(ToolChoiceMode.Auto),
            "NONE" => new ToolChoice(ToolChoiceMode.None),
            "ANY" => onlyName is null ? new ToolChoice(ToolChoiceMode.Required) : new ToolChoice(ToolChoiceMode.Tool, onlyName),
            _ => throw BadRequest("'toolConfig.functionCallingConfig.mode' must be 'AUTO', 'ANY', 'NONE' or 'VALIDATED'.", "toolConfig.functionCallingConfig.mode"),
        };
    }
}
