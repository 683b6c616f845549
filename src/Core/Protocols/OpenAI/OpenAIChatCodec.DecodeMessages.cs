using System.Text.Json;
using LlmGateway.Json;
using LlmGateway.Translation;

namespace LlmGateway.Protocols.OpenAI;

internal static partial class OpenAIChatCodec
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

    /// <summary>The message properties the decoder reads.</summary>
    private enum MessageField
    {
        Other,
        Role,
        Content,
        Name,
        ToolCallId,
        ReasoningContent,
        Refusal,
        FunctionCall,
        ThinkingBlocks,
        ToolCalls,
    }

    /// <summary>A message's <c>role</c>; <see cref="Unknown"/> for anything but the names below.</summary>
    private enum MessageRole
    {
        Unknown,
        User,
        Assistant,
        Tool,
        System,
        Developer,
        Function,
    }

    private static void DecodeMessages(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, List<CanonicalMessage> output)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw Invalid("Missing required parameter: 'messages' (an array of messages).", "messages", "missing_required_parameter");
        }

        var i = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            output.Add(DecodeMessage(ref reader, body, i));
            i++;
        }

        if (i == 0)
        {
            throw Invalid("Invalid 'messages': empty array. Expected an array with minimum length 1.", "messages");
        }
    }

    /// <summary>Reads a message's fields (the reader is on its start and ends on its end), then checks them in a fixed order.</summary>
    private static CanonicalMessage DecodeMessage(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, int i)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw InvalidType(new ParamPath("messages[{0}]", i), "an object");
        }

        var fields = default(MessageFields);
        Span<byte> buffer = stackalloc byte[NameBufferLength];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            ReadOnlySpan<byte> name = reader.ValueIsEscaped ? buffer[..Unescape(ref reader, buffer)] : reader.ValueSpan;
            var field = MessageFieldOf(name);
            reader.Read();
            switch (field)
            {
                case MessageField.Role:
                    fields.Role = JsonSlice.At(ref reader);
                    fields.Kind = RoleOf(fields.Role, body);
                    break;
                case MessageField.Content:
                    ReadDeferred(ref reader, ref fields.Content, AllowedFor(fields.Kind), body, i, DecodeParts);
                    break;
                case MessageField.Name:
                    fields.Name = JsonSlice.At(ref reader);
                    break;
                case MessageField.ToolCallId:
                    fields.ToolCallId = JsonSlice.At(ref reader);
                    break;
                case MessageField.ReasoningContent:
                    fields.ReasoningContent = JsonSlice.At(ref reader);
                    break;
                case MessageField.Refusal:
                    fields.Refusal = JsonSlice.At(ref reader);
                    break;
                case MessageField.FunctionCall:
                    fields.FunctionCall = reader.TokenType;
                    break;
                case MessageField.ThinkingBlocks:
                    ReadDeferred(ref reader, ref fields.ThinkingBlocks, fields.Kind == MessageRole.Assistant ? PartsAllowed.Assistant : null, body, i, DecodeThinkingBlocks);
                    break;
                case MessageField.ToolCalls:
                    ReadDeferred(ref reader, ref fields.ToolCalls, fields.Kind == MessageRole.Assistant ? PartsAllowed.Assistant : null, body, i, DecodeToolCalls);
                    break;
            }

            reader.Skip();
        }

        if (fields.Role.TokenType != JsonTokenType.String)
        {
            throw Missing(new ParamPath("messages[{0}].role", i));
        }

        switch (fields.Kind)
        {
            case MessageRole.User:
                return new CanonicalMessage(ChatRole.User, ContentOf(fields.Content, body, i, PartsAllowed.User, required: true)!) { Name = NameOf(fields, body, i) };
            case MessageRole.Assistant:
                return DecodeAssistant(fields, body, i);
            case MessageRole.Tool:
                if (fields.ToolCallId.TokenType != JsonTokenType.String)
                {
                    throw Missing(new ParamPath("messages[{0}].tool_call_id", i));
                }

                var content = ContentOf(fields.Content, body, i, PartsAllowed.Text, required: true)!;
                return new CanonicalMessage(ChatRole.Tool, [new ToolResultPart(fields.ToolCallId.GetString(body), content, isError: false)]);
            case MessageRole.System or MessageRole.Developer:
                var role = fields.Kind == MessageRole.System ? ChatRole.System : ChatRole.Developer;
                return new CanonicalMessage(role, ContentOf(fields.Content, body, i, PartsAllowed.Text, required: true)!) { Name = NameOf(fields, body, i) };
            case MessageRole.Function:
                throw Invalid($"The legacy role 'function' in 'messages[{i}].role' cannot be translated: send tool results as role 'tool' with a 'tool_call_id'.", new ParamPath("messages[{0}].role", i), "unsupported_value");
            default:
                throw Invalid($"Invalid value for 'messages[{i}].role': expected 'system', 'developer', 'user', 'assistant' or 'tool'.", new ParamPath("messages[{0}].role", i));
        }
    }

    private static MessageRole RoleOf(JsonSlice role, ReadOnlySpan<byte> body)
    {
        if (role.TokenType != JsonTokenType.String)
        {
            return MessageRole.Unknown;
        }

        return role.ValueEquals(body, "user"u8) ? MessageRole.User
            : role.ValueEquals(body, "assistant"u8) ? MessageRole.Assistant
            : role.ValueEquals(body, "tool"u8) ? MessageRole.Tool
            : role.ValueEquals(body, "system"u8) ? MessageRole.System
            : role.ValueEquals(body, "developer"u8) ? MessageRole.Developer
            : role.ValueEquals(body, "function"u8) ? MessageRole.Function
            : MessageRole.Unknown;
    }

    /// <summary>A message property by its (unescaped UTF-8) name.</summary>
    private static MessageField MessageFieldOf(ReadOnlySpan<byte> name) => name.Length switch
    {
        4 when name.SequenceEqual("role"u8) => MessageField.Role,
        4 when name.SequenceEqual("name"u8) => MessageField.Name,
        7 when name.SequenceEqual("content"u8) => MessageField.Content,
        7 when name.SequenceEqual("refusal"u8) => MessageField.Refusal,
        10 when name.SequenceEqual("tool_calls"u8) => MessageField.ToolCalls,
        12 when name.SequenceEqual("tool_call_id"u8) => MessageField.ToolCallId,
        13 when name.SequenceEqual("function_call"u8) => MessageField.FunctionCall,
        15 when name.SequenceEqual("thinking_blocks"u8) => MessageField.ThinkingBlocks,
        17 when name.SequenceEqual("reasoning_content"u8) => MessageField.ReasoningContent,
        _ => MessageField.Other,
    };

    private static PartsAllowed? AllowedFor(MessageRole role) => role switch
    {
        MessageRole.User => PartsAllowed.User,
        MessageRole.Assistant => PartsAllowed.Assistant,
        MessageRole.Tool or MessageRole.System or MessageRole.Developer => PartsAllowed.Text,
        _ => null,
    };

    private static string? NameOf(in MessageFields fields, ReadOnlySpan<byte> body, int i) => OptionalString(fields.Name, body, new ParamPath("messages[{0}].name", i));

    /// <summary>Reasoning first (thinking_blocks replace reasoning_content), then text, then tool calls.</summary>
    private static CanonicalMessage DecodeAssistant(in MessageFields fields, ReadOnlySpan<byte> body, int i)
    {
        List<ContentPart>? parts = null;
        var blocks = fields.ThinkingBlocks.Value.TokenType;
        if (!IsNullOrAbsent(blocks))
        {
            parts = blocks == JsonTokenType.StartArray
                ? PartsOf(fields.ThinkingBlocks, body, i, PartsAllowed.Assistant, DecodeThinkingBlocks)
                : throw InvalidType(new ParamPath("messages[{0}].thinking_blocks", i), "an array");
        }
        else if (OptionalString(fields.ReasoningContent, body, new ParamPath("messages[{0}].reasoning_content", i)) is { Length: > 0 } reasoningText)
        {
            parts = [new ReasoningPart(reasoningText)];
        }

        var before = parts?.Count ?? 0;
        parts = Concat(parts, ContentOf(fields.Content, body, i, PartsAllowed.Assistant, required: false));
        if ((parts?.Count ?? 0) == before
            && OptionalString(fields.Refusal, body, new ParamPath("messages[{0}].refusal", i)) is { Length: > 0 } refusalText)
        {
            parts = Concat(parts, [new TextPart(refusalText)]);
        }

        var toolCalls = fields.ToolCalls.Value.TokenType;
        if (!IsNullOrAbsent(toolCalls))
        {
            parts = Concat(parts, toolCalls == JsonTokenType.StartArray
                ? PartsOf(fields.ToolCalls, body, i, PartsAllowed.Assistant, DecodeToolCalls)
                : throw InvalidType(new ParamPath("messages[{0}].tool_calls", i), "an array"));
        }

        if (!IsNullOrAbsent(fields.FunctionCall))
        {
            throw Invalid($"The legacy 'messages[{i}].function_call' cannot be translated: use 'tool_calls'.", new ParamPath("messages[{0}].function_call", i), "unsupported_parameter");
        }

        return new CanonicalMessage(ChatRole.Assistant, parts ?? []) { Name = NameOf(fields, body, i) };
    }

    private static List<ContentPart>? Concat(List<ContentPart>? parts, List<ContentPart>? more)
    {
        if (parts is null || parts.Count == 0)
        {
            return more ?? parts;
        }

        if (more is not null)
        {
            parts.AddRange(more);
        }

        return parts;
    }

    /// <summary>The fields of a message the decoder looks at; the last of a name wins.</summary>
    private struct MessageFields
    {
        public JsonSlice Role;
        public MessageRole Kind;
        public JsonSlice Name;
        public JsonSlice ToolCallId;
        public JsonSlice ReasoningContent;
        public JsonSlice Refusal;
        public JsonTokenType FunctionCall;
        public DeferredParts Content;
        public DeferredParts ThinkingBlocks;
        public DeferredParts ToolCalls;
    }
}
