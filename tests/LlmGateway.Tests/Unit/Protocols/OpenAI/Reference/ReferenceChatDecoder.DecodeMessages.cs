using System.Text.Json;
using LlmGateway.Http;
using LlmGateway.Translation;

namespace LlmGateway.Tests.Unit.Protocols.OpenAI.Reference;

internal static partial class ReferenceChatDecoder
{
    /// <summary>Which content part types a role accepts.</summary>
    private enum PartsAllowed
    {
        /// <summary>system, developer, tool: text parts.</summary>
        Text,

        /// <summary>user: text, image_url, file.</summary>
        User,

        /// <summary>assistant: text, refusal.</summary>
        Assistant,
    }

    private static void DecodeMessages(JsonElement messages, List<CanonicalMessage> output)
    {
        if (messages.ValueKind != JsonValueKind.Array)
        {
            throw Invalid("Missing required parameter: 'messages' (an array of messages).", "messages", "missing_required_parameter");
        }

        if (messages.GetArrayLength() == 0)
        {
            throw Invalid("Invalid 'messages': empty array. Expected an array with minimum length 1.", "messages");
        }

        var i = 0;
        foreach (var message in messages.EnumerateArray())
        {
            output.Add(DecodeMessage(message, i));
            i++;
        }
    }

    private static CanonicalMessage DecodeMessage(JsonElement message, int i)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            throw InvalidType(new ParamPath("messages[{0}]", i), "an object");
        }

        if (!message.TryGetProperty("role"u8, out var role) || role.ValueKind != JsonValueKind.String)
        {
            throw Missing(new ParamPath("messages[{0}].role", i));
        }

        if (role.ValueEquals("user"u8))
        {
            return new CanonicalMessage(ChatRole.User, DecodeContent(message, i, PartsAllowed.User, required: true, [])) { Name = DecodeName(message, i) };
        }

        if (role.ValueEquals("assistant"u8))
        {
            return DecodeAssistant(message, i);
        }

        if (role.ValueEquals("tool"u8))
        {
            if (!message.TryGetProperty("tool_call_id"u8, out var id) || id.ValueKind != JsonValueKind.String)
            {
                throw Missing(new ParamPath("messages[{0}].tool_call_id", i));
            }

            var content = DecodeContent(message, i, PartsAllowed.Text, required: true, []);
            return new CanonicalMessage(ChatRole.Tool, [new ToolResultPart(id.GetString()!, content, isError: false)]);
        }

        var systemRole = role.ValueEquals("system"u8) ? ChatRole.System : role.ValueEquals("developer"u8) ? ChatRole.Developer : (ChatRole?)null;
        if (systemRole is { } textRole)
        {
            return new CanonicalMessage(textRole, DecodeContent(message, i, PartsAllowed.Text, required: true, [])) { Name = DecodeName(message, i) };
        }

        if (role.ValueEquals("function"u8))
        {
            throw Invalid($"The legacy role 'function' in 'messages[{i}].role' cannot be translated: send tool results as role 'tool' with a 'tool_call_id'.", new ParamPath("messages[{0}].role", i), "unsupported_value");
        }

        throw Invalid($"Invalid value for 'messages[{i}].role': expected 'system', 'developer', 'user', 'assistant' or 'tool'.", new ParamPath("messages[{0}].role", i));
    }

    private static string? DecodeName(JsonElement message, int i) =>
        message.TryGetProperty("name"u8, out var name) ? OptionalString(name, new ParamPath("messages[{0}].name", i)) : null;

    /// <summary>Reasoning first (thinking_blocks replace reasoning_content), then text, then tool calls.</summary>
    private static CanonicalMessage DecodeAssistant(JsonElement message, int i)
    {
        var parts = new List<ContentPart>();
        if (message.TryGetProperty("thinking_blocks"u8, out var blocks) && blocks.ValueKind != JsonValueKind.Null)
        {
            DecodeThinkingBlocks(blocks, i, parts);
        }
        else if (message.TryGetProperty("reasoning_content"u8, out var reasoning) && OptionalString(reasoning, new ParamPath("messages[{0}].reasoning_content", i)) is { Length: > 0 } reasoningText)
        {
            parts.Add(new ReasoningPart(reasoningText));
        }

        var before = parts.Count;
        DecodeContent(message, i, PartsAllowed.Assistant, required: false, parts);
        if (parts.Count == before && message.TryGetProperty("refusal"u8, out var refusal)
            && OptionalString(refusal, new ParamPath("messages[{0}].refusal", i)) is { Length: > 0 } refusalText)
        {
            parts.Add(new TextPart(refusalText));
        }

        if (message.TryGetProperty("tool_calls"u8, out var toolCalls) && toolCalls.ValueKind != JsonValueKind.Null)
        {
            DecodeToolCalls(toolCalls, i, parts);
        }

        if (message.TryGetProperty("function_call"u8, out var functionCall) && functionCall.ValueKind != JsonValueKind.Null)
        {
            throw Invalid($"The legacy 'messages[{i}].function_call' cannot be translated: use 'tool_calls'.", new ParamPath("messages[{0}].function_call", i), "unsupported_parameter");
        }

        return new CanonicalMessage(ChatRole.Assistant, parts) { Name = DecodeName(message, i) };
    }

    private static void DecodeThinkingBlocks(JsonElement blocks, int i, List<ContentPart> parts)
    {
        if (blocks.ValueKind != JsonValueKind.Array)
        {
            throw InvalidType(new ParamPath("messages[{0}].thinking_blocks", i), "an array");
        }

        var j = 0;
        foreach (var block in blocks.EnumerateArray())
        {
            if (block.ValueKind != JsonValueKind.Object || !block.TryGetProperty("type"u8, out var type) || type.ValueKind != JsonValueKind.String)
            {
                throw Missing(new ParamPath("messages[{0}].thinking_blocks[{1}].type", i, j));
            }

            if (type.ValueEquals("thinking"u8))
            {
                var text = block.TryGetProperty("thinking"u8, out var thinking) ? OptionalString(thinking, new ParamPath("messages[{0}].thinking_blocks[{1}].thinking", i, j)) : null;
                var signature = block.TryGetProperty("signature"u8, out var signatureValue) ? OptionalString(signatureValue, new ParamPath("messages[{0}].thinking_blocks[{1}].signature", i, j)) : null;
                parts.Add(new ReasoningPart(text ?? string.Empty) { Signature = signature, Origin = WireFormat.AnthropicMessages });
            }
            else if (type.ValueEquals("redacted_thinking"u8))
            {
                if (!block.TryGetProperty("data"u8, out var data) || data.ValueKind != JsonValueKind.String)
                {
                    throw Missing(new ParamPath("messages[{0}].thinking_blocks[{1}].data", i, j));
                }

                parts.Add(new ReasoningPart(string.Empty) { RedactedData = data.GetString(), Origin = WireFormat.AnthropicMessages });
            }
            else
            {
                throw Invalid($"Invalid value for 'messages[{i}].thinking_blocks[{j}].type': expected 'thinking' or 'redacted_thinking'.", new ParamPath("messages[{0}].thinking_blocks[{1}].type", i, j));
            }

            j++;
        }
    }

    private static void DecodeToolCalls(JsonElement toolCalls, int i, List<ContentPart> parts)
    {
        if (toolCalls.ValueKind != JsonValueKind.Array)
        {
            throw InvalidType(new ParamPath("messages[{0}].tool_calls", i), "an array");
        }

        var j = 0;
        foreach (var call in toolCalls.EnumerateArray())
        {
            if (call.ValueKind != JsonValueKind.Object)
            {
                throw InvalidType(new ParamPath("messages[{0}].tool_calls[{1}]", i, j), "an object");
            }

            if (call.TryGetProperty("type"u8, out var type) && !(type.ValueKind == JsonValueKind.String && type.ValueEquals("function"u8)))
            {
                throw Invalid($"Invalid value for 'messages[{i}].tool_calls[{j}].type': only 'function' tool calls can be translated.", new ParamPath("messages[{0}].tool_calls[{1}].type", i, j), "unsupported_value");
            }

            if (!call.TryGetProperty("id"u8, out var id) || id.ValueKind != JsonValueKind.String)
            {
                throw Missing(new ParamPath("messages[{0}].tool_calls[{1}].id", i, j));
            }

            if (!call.TryGetProperty("function"u8, out var function) || function.ValueKind != JsonValueKind.Object)
            {
                throw Missing(new ParamPath("messages[{0}].tool_calls[{1}].function", i, j));
            }

            if (!function.TryGetProperty("name"u8, out var name) || name.ValueKind != JsonValueKind.String)
            {
                throw Missing(new ParamPath("messages[{0}].tool_calls[{1}].function.name", i, j));
            }

            var arguments = function.TryGetProperty("arguments"u8, out var argumentsValue) ? argumentsValue.ValueKind switch
            {
                JsonValueKind.String => argumentsValue.GetString()!,
                JsonValueKind.Object => argumentsValue.GetRawText(),
                JsonValueKind.Null => "{}",
                _ => throw InvalidType(new ParamPath("messages[{0}].tool_calls[{1}].function.arguments", i, j), "a string"),
            } : "{}";
            parts.Add(new ToolCallPart(id.GetString()!, name.GetString()!, arguments) { ThoughtSignature = ThoughtSignatureOf(call) });
            j++;
        }
    }

    /// <summary>
    /// Gemini's signature on a tool call, carried by OpenAI clients the way Google's own OpenAI-compatible API does:
    /// <c>tool_calls[i].extra_content.google.thought_signature</c>.
    /// </summary>
    private static string? ThoughtSignatureOf(JsonElement call) =>
        call.TryGetProperty("extra_content"u8, out var extra) && extra.ValueKind == JsonValueKind.Object
        && extra.TryGetProperty("google"u8, out var google) && google.ValueKind == JsonValueKind.Object
        && google.TryGetProperty("thought_signature"u8, out var signature) && signature.ValueKind == JsonValueKind.String
            ? signature.GetString()
            : null;
}
