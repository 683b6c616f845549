using System.Text.Json;
using LlmGateway.Json;
using LlmGateway.Translation;

namespace LlmGateway.Protocols.OpenAI;

/// <summary>An assistant message's <c>thinking_blocks</c> and <c>tool_calls</c> (the reader is on the array's start and ends on its end).</summary>
internal static partial class OpenAIChatCodec
{
    private static void DecodeThinkingBlocks(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, int i, PartsAllowed allowed, List<ContentPart> parts)
    {
        var j = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            JsonSlice type = default, thinking = default, signature = default, data = default;
            var isObject = reader.TokenType == JsonTokenType.StartObject;
            while (isObject && reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var member = reader.ValueTextEquals("type"u8) ? 1
                    : reader.ValueTextEquals("thinking"u8) ? 2
                    : reader.ValueTextEquals("signature"u8) ? 3
                    : reader.ValueTextEquals("data"u8) ? 4
                    : 0;
                reader.Read();
                switch (member)
                {
                    case 1:
                        type = JsonSlice.At(ref reader);
                        break;
                    case 2:
                        thinking = JsonSlice.At(ref reader);
                        break;
                    case 3:
                        signature = JsonSlice.At(ref reader);
                        break;
                    case 4:
                        data = JsonSlice.At(ref reader);
                        break;
                }

                reader.Skip();
            }

            reader.Skip();
            if (type.TokenType != JsonTokenType.String)
            {
                throw Missing(new ParamPath("messages[{0}].thinking_blocks[{1}].type", i, j));
            }

            if (type.ValueEquals(body, "thinking"u8))
            {
                var text = OptionalString(thinking, body, new ParamPath("messages[{0}].thinking_blocks[{1}].thinking", i, j));
                var signatureText = OptionalString(signature, body, new ParamPath("messages[{0}].thinking_blocks[{1}].signature", i, j));
                parts.Add(new ReasoningPart(text ?? string.Empty) { Signature = signatureText, Origin = WireFormat.AnthropicMessages });
            }
            else if (type.ValueEquals(body, "redacted_thinking"u8))
            {
                if (data.TokenType != JsonTokenType.String)
                {
                    throw Missing(new ParamPath("messages[{0}].thinking_blocks[{1}].data", i, j));
                }

                parts.Add(new ReasoningPart(string.Empty) { RedactedData = data.GetString(body), Origin = WireFormat.AnthropicMessages });
            }
            else
            {
                throw Invalid($"Invalid value for 'messages[{i}].thinking_blocks[{j}].type': expected 'thinking' or 'redacted_thinking'.", new ParamPath("messages[{0}].thinking_blocks[{1}].type", i, j));
            }

            j++;
        }
    }

    private static void DecodeToolCalls(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, int i, PartsAllowed allowed, List<ContentPart> parts)
    {
        var j = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw InvalidType(new ParamPath("messages[{0}].tool_calls[{1}]", i, j), "an object");
            }

            var call = default(ToolCallFields);
            ReadToolCall(ref reader, ref call);
            if (call.Type.TokenType != JsonTokenType.None && !(call.Type.TokenType == JsonTokenType.String && call.Type.ValueEquals(body, "function"u8)))
            {
                throw Invalid($"Invalid value for 'messages[{i}].tool_calls[{j}].type': only 'function' tool calls can be translated.", new ParamPath("messages[{0}].tool_calls[{1}].type", i, j), "unsupported_value");
            }

            if (call.Id.TokenType != JsonTokenType.String)
            {
                throw Missing(new ParamPath("messages[{0}].tool_calls[{1}].id", i, j));
            }

            if (call.Function != JsonTokenType.StartObject)
            {
                throw Missing(new ParamPath("messages[{0}].tool_calls[{1}].function", i, j));
            }

            if (call.Name.TokenType != JsonTokenType.String)
            {
                throw Missing(new ParamPath("messages[{0}].tool_calls[{1}].function.name", i, j));
            }

            var arguments = call.Arguments.TokenType switch
            {
                JsonTokenType.None or JsonTokenType.Null => "{}",
                JsonTokenType.String => call.Arguments.GetString(body),
                JsonTokenType.StartObject => Utf8Text.Decode(call.Arguments.Of(body)),
                _ => throw InvalidType(new ParamPath("messages[{0}].tool_calls[{1}].function.arguments", i, j), "a string"),
            };

            // Gemini's signature on a tool call, carried by OpenAI clients the way Google's own OpenAI-compatible API
            // does: tool_calls[i].extra_content.google.thought_signature.
            parts.Add(new ToolCallPart(call.Id.GetString(body), call.Name.GetString(body), arguments)
            {
                ThoughtSignature = call.Signature.TokenType == JsonTokenType.String ? call.Signature.GetString(body) : null,
            });
            j++;
        }
    }

    /// <summary>Collects a tool call's fields (the reader is on its start and ends on its end); the last of a name wins.</summary>
    private static void ReadToolCall(ref Utf8JsonReader reader, ref ToolCallFields call)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var member = reader.ValueTextEquals("id"u8) ? 1
                : reader.ValueTextEquals("type"u8) ? 2
                : reader.ValueTextEquals("function"u8) ? 3
                : reader.ValueTextEquals("extra_content"u8) ? 4
                : 0;
            reader.Read();
            switch (member)
            {
                case 1:
                    call.Id = JsonSlice.At(ref reader);
                    break;
                case 2:
                    call.Type = JsonSlice.At(ref reader);
                    break;
                case 3:
                    call.Function = reader.TokenType;
                    call.Name = call.Arguments = default;
                    while (call.Function == JsonTokenType.StartObject && reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var isName = reader.ValueTextEquals("name"u8);
                        var isArguments = !isName && reader.ValueTextEquals("arguments"u8);
                        reader.Read();
                        if (isName)
                        {
                            call.Name = JsonSlice.At(ref reader);
                        }
                        else if (isArguments)
                        {
                            // An object is kept as its raw text.
                            var arguments = JsonSlice.At(ref reader);
                            reader.Skip();
                            call.Arguments = arguments with { Length = (int)reader.BytesConsumed - arguments.Start };
                        }

                        reader.Skip();
                    }

                    break;
                case 4:
                    call.Signature = default;
                    var isObject = reader.TokenType == JsonTokenType.StartObject;
                    while (isObject && reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var isGoogle = reader.ValueTextEquals("google"u8);
                        reader.Read();
                        if (isGoogle)
                        {
                            call.Signature = ThoughtSignatureIn(ref reader);
                        }

                        reader.Skip();
                    }

                    break;
            }

            reader.Skip();
        }
    }

    /// <summary>The last <c>thought_signature</c> of a <c>google</c> object (the reader is on the value and ends on its end); none when it is not an object.</summary>
    private static JsonSlice ThoughtSignatureIn(ref Utf8JsonReader reader)
    {
        JsonSlice signature = default;
        var isObject = reader.TokenType == JsonTokenType.StartObject;
        while (isObject && reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isSignature = reader.ValueTextEquals("thought_signature"u8);
            reader.Read();
            if (isSignature)
            {
                signature = JsonSlice.At(ref reader);
            }

            reader.Skip();
        }

        return signature;
    }

    /// <summary>The fields of a tool call the decoder looks at; the last of a name wins.</summary>
    private struct ToolCallFields
    {
        public JsonSlice Type;
        public JsonSlice Id;
        public JsonTokenType Function;
        public JsonSlice Name;
        public JsonSlice Arguments;
        public JsonSlice Signature;
    }
}
