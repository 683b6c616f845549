using System.Text.Json;
using LlmGateway.Json;
using LlmGateway.Translation;

namespace LlmGateway.Protocols.OpenAI;

internal static partial class OpenAIChatCodec
{
    private static void DecodeTools(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, List<ToolDefinition> output, ref RequestState state)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw InvalidType("tools", "an array");
        }

        var k = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw InvalidType(new ParamPath("tools[{0}]", k), "an object");
            }

            var start = JsonSlice.At(ref reader);
            var tool = default(ToolFields);
            ReadTool(ref reader, ref tool);
            if (tool.Type.TokenType != JsonTokenType.String)
            {
                throw Missing(new ParamPath("tools[{0}].type", k));
            }

            if (!tool.Type.ValueEquals(body, "function"u8))
            {
                // A built-in tool of OpenAI's (web_search, custom...): only an OpenAI upstream can carry it, as it came.
                var typeName = tool.Type.GetString(body);
                state.Keep(start with { Length = (int)reader.BytesConsumed - start.Start }, new JsonValueUse(JsonValueUse.Raw, output.Count));
                output.Add(new ToolDefinition(typeName, null) { BuiltInType = typeName });
                k++;
                continue;
            }

            if (tool.Function != JsonTokenType.StartObject)
            {
                throw Missing(new ParamPath("tools[{0}].function", k));
            }

            if (tool.Name.TokenType != JsonTokenType.String || tool.Name.GetString(body) is not { Length: > 0 } toolName)
            {
                throw Missing(new ParamPath("tools[{0}].function.name", k));
            }

            var description = OptionalString(tool.Description, body, new ParamPath("tools[{0}].function.description", k));
            var strict = OptionalBool(tool.Strict, new ParamPath("tools[{0}].function.strict", k));

            // A schema is an object; anything else would reach some upstreams as an empty schema, others as it came.
            if (tool.Parameters.Found && tool.Parameters.TokenType != JsonTokenType.StartObject)
            {
                throw InvalidType(new ParamPath("tools[{0}].function.parameters", k), "an object");
            }

            // The schema's bytes are copied (the body goes back to a pool): no document is parsed for it.
            var parameters = tool.Parameters.Found ? tool.Parameters.Of(body).ToArray() : default(ReadOnlyMemory<byte>);
            output.Add(new ToolDefinition(toolName, description, parameters) { Strict = strict });
            k++;
        }
    }

    /// <summary>Collects a tool's fields (the reader is on its start and ends on its end); the last of a name wins.</summary>
    private static void ReadTool(ref Utf8JsonReader reader, ref ToolFields tool)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isType = reader.ValueTextEquals("type"u8);
            var isFunction = !isType && reader.ValueTextEquals("function"u8);
            reader.Read();
            if (isType)
            {
                tool.Type = JsonSlice.At(ref reader);
            }
            else if (isFunction)
            {
                tool = tool with { Function = reader.TokenType, Name = default, Description = default, Strict = default, Parameters = default };
                while (tool.Function == JsonTokenType.StartObject && reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    ReadFunctionMember(ref reader, ref tool);
                }
            }

            reader.Skip();
        }
    }

    /// <summary>One member of a tool's <c>function</c> (the reader is on its name and ends on its value's last token).</summary>
    private static void ReadFunctionMember(ref Utf8JsonReader reader, ref ToolFields tool)
    {
        var member = reader.ValueTextEquals("name"u8) ? 1
            : reader.ValueTextEquals("description"u8) ? 2
            : reader.ValueTextEquals("parameters"u8) ? 3
            : reader.ValueTextEquals("strict"u8) ? 4
            : 0;
        reader.Read();
        switch (member)
        {
            case 1:
                tool.Name = JsonSlice.At(ref reader);
                break;
            case 2:
                tool.Description = JsonSlice.At(ref reader);
                break;
            case 3:
                // The schema is kept verbatim (the last one, unless null), written out raw by the encoders.
                if (reader.TokenType == JsonTokenType.Null)
                {
                    tool.Parameters = default;
                }
                else
                {
                    var start = JsonSlice.At(ref reader);
                    reader.Skip();
                    tool.Parameters = start with { Length = (int)reader.BytesConsumed - start.Start };
                }

                break;
            case 4:
                tool.Strict = reader.TokenType;
                break;
        }

        reader.Skip();
    }

    private static ToolChoice? DecodeToolChoice(ref Utf8JsonReader reader, ReadOnlySpan<byte> body)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String when reader.ValueTextEquals("auto"u8):
                return new ToolChoice(ToolChoiceMode.Auto);
            case JsonTokenType.String when reader.ValueTextEquals("none"u8):
                return new ToolChoice(ToolChoiceMode.None);
            case JsonTokenType.String when reader.ValueTextEquals("required"u8):
                return new ToolChoice(ToolChoiceMode.Required);
            case JsonTokenType.StartObject:
                JsonSlice type = default, name = default;
                var function = JsonTokenType.None;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isType = reader.ValueTextEquals("type"u8);
                    var isFunction = !isType && reader.ValueTextEquals("function"u8);
                    reader.Read();
                    if (isType)
                    {
                        type = JsonSlice.At(ref reader);
                    }
                    else if (isFunction)
                    {
                        function = reader.TokenType;
                        name = default;
                        while (function == JsonTokenType.StartObject && reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                        {
                            var isName = reader.ValueTextEquals("name"u8);
                            reader.Read();
                            if (isName)
                            {
                                name = JsonSlice.At(ref reader);
                            }

                            reader.Skip();
                        }
                    }

                    reader.Skip();
                }

                if (type.TokenType == JsonTokenType.String && type.ValueEquals(body, "function"u8)
                    && function == JsonTokenType.StartObject && name.TokenType == JsonTokenType.String)
                {
                    return new ToolChoice(ToolChoiceMode.Tool, name.GetString(body));
                }

                throw Invalid("Invalid 'tool_choice': expected {\"type\":\"function\",\"function\":{\"name\":...}}; other tool choice types cannot be translated.", "tool_choice");
            default:
                throw Invalid("Invalid value for 'tool_choice': expected 'none', 'auto', 'required' or a function.", "tool_choice");
        }
    }

    /// <summary>The fields of a tool the decoder looks at; the last of a name wins.</summary>
    /// <param name="Parameters">The whole schema (not found for none).</param>
    private record struct ToolFields(JsonSlice Type, JsonTokenType Function, JsonSlice Name, JsonSlice Description, JsonTokenType Strict, JsonSlice Parameters);
}
