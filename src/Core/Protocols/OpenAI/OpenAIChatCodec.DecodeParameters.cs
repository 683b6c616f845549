using System.Text.Json;
using LlmGateway.Json;
using LlmGateway.Translation;

namespace LlmGateway.Protocols.OpenAI;

/// <summary>Top-level parameters with a structure of their own: <c>stop</c>, <c>reasoning_effort</c>, <c>response_format</c>, <c>stream_options</c>.</summary>
internal static partial class OpenAIChatCodec
{
    private static void DecodeStop(ref Utf8JsonReader reader, List<string> output)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return;
            case JsonTokenType.String:
                output.Add(reader.GetString()!);
                return;
            case JsonTokenType.StartArray:
                var k = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    output.Add(reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw InvalidType(new ParamPath("stop[{0}]", k), "a string"));
                    k++;
                }

                return;
            default:
                throw InvalidType("stop", "a string or an array of strings");
        }
    }

    private static ReasoningConfig? DecodeReasoningEffort(ref Utf8JsonReader effort)
    {
        if (effort.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (effort.TokenType != JsonTokenType.String)
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

    private static ResponseFormat? DecodeResponseFormat(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, ref RequestState state)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw InvalidType("response_format", "an object");
        }

        var format = new ResponseFormatFields { Schema = -1 };
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isType = reader.ValueTextEquals("type"u8);
            var isSchema = !isType && reader.ValueTextEquals("json_schema"u8);
            reader.Read();
            if (isType)
            {
                format.Type = JsonSlice.At(ref reader);
            }
            else if (isSchema)
            {
                state.Use(format.Schema, new JsonValueUse(JsonValueUse.Unused));
                format = format with { JsonSchema = reader.TokenType, Name = default, Description = default, Strict = default, Schema = -1 };
                while (format.JsonSchema == JsonTokenType.StartObject && reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    ReadJsonSchemaMember(ref reader, ref format, ref state);
                }
            }

            reader.Skip();
        }

        if (format.Type.TokenType != JsonTokenType.String)
        {
            throw Missing("response_format.type");
        }

        if (format.Type.ValueEquals(body, "text"u8))
        {
            return new ResponseFormat(ResponseFormatKind.Text);
        }

        if (format.Type.ValueEquals(body, "json_object"u8))
        {
            return new ResponseFormat(ResponseFormatKind.JsonObject);
        }

        if (!format.Type.ValueEquals(body, "json_schema"u8))
        {
            throw Invalid("Invalid value for 'response_format.type': expected 'text', 'json_object' or 'json_schema'.", "response_format.type");
        }

        if (format.JsonSchema != JsonTokenType.StartObject)
        {
            throw Missing("response_format.json_schema");
        }

        var result = new ResponseFormat(ResponseFormatKind.JsonSchema)
        {
            Name = OptionalString(format.Name, body, "response_format.json_schema.name"),
            Description = OptionalString(format.Description, body, "response_format.json_schema.description"),
            Strict = OptionalBool(format.Strict, "response_format.json_schema.strict"),
        };
        state.Use(format.Schema, new JsonValueUse(JsonValueUse.Schema, Format: result));
        return result;
    }

    /// <summary>One member of <c>json_schema</c> (the reader is on its name and ends on its value's last token).</summary>
    private static void ReadJsonSchemaMember(ref Utf8JsonReader reader, ref ResponseFormatFields format, ref RequestState state)
    {
        var member = reader.ValueTextEquals("name"u8) ? 1
            : reader.ValueTextEquals("description"u8) ? 2
            : reader.ValueTextEquals("strict"u8) ? 3
            : reader.ValueTextEquals("schema"u8) ? 4
            : 0;
        reader.Read();
        switch (member)
        {
            case 1:
                format.Name = JsonSlice.At(ref reader);
                break;
            case 2:
                format.Description = JsonSlice.At(ref reader);
                break;
            case 3:
                format.Strict = reader.TokenType;
                break;
            case 4:
                // The schema is kept verbatim (the last one, unless null).
                state.Use(format.Schema, new JsonValueUse(JsonValueUse.Unused));
                format.Schema = reader.TokenType == JsonTokenType.Null ? -1 : state.Keep(ref reader, new JsonValueUse(JsonValueUse.Unused));
                break;
        }

        reader.Skip();
    }

    private static bool DecodeIncludeUsage(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return false;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw InvalidType("stream_options", "an object");
        }

        var include = JsonTokenType.None;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isIncludeUsage = reader.ValueTextEquals("include_usage"u8);
            reader.Read();
            if (isIncludeUsage)
            {
                include = reader.TokenType;
            }

            reader.Skip();
        }

        return OptionalBool(include, "stream_options.include_usage") == true;
    }

    /// <summary>The fields of <c>response_format</c> the decoder looks at; the last of a name wins.</summary>
    /// <param name="Schema">The index of the kept schema; -1 for none.</param>
    private record struct ResponseFormatFields(JsonSlice Type, JsonTokenType JsonSchema, JsonSlice Name, JsonSlice Description, JsonTokenType Strict, int Schema);
}
