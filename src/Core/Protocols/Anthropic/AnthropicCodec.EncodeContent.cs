using System.Text.Json;
using LlmGateway.Translation;

namespace LlmGateway.Protocols.Anthropic;

/// <summary>
/// Canonical messages → Anthropic <c>system</c> and <c>messages</c>. Anthropic wants user and assistant turns to
/// alternate: consecutive messages of one side merge (tool messages count as user), tool results first in a user
/// turn and signed thinking first in an assistant turn; messages left with no block are dropped.
/// </summary>
internal static partial class AnthropicCodec
{
    private static void WriteSystem(Utf8JsonWriter writer, CanonicalRequest request)
    {
        var messages = request.Messages;
        var any = false;
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            if (message.Role is not (ChatRole.System or ChatRole.Developer))
            {
                continue;
            }

            foreach (var part in message.Parts)
            {
                if (part is not TextPart text)
                {
                    throw Unsupported(Path("messages", i) + ".content", "a system message can hold only text");
                }

                if (text.Text.Length == 0)
                {
                    continue;
                }

                if (!any)
                {
                    writer.WriteStartArray("system"u8);
                    any = true;
                }

                WriteText(writer, text);
            }
        }

        if (any)
        {
            writer.WriteEndArray();
        }
    }

    private static void WriteMessages(Utf8JsonWriter writer, CanonicalRequest request)
    {
        var messages = request.Messages;
        writer.WriteStartArray("messages"u8);
        foreach (var (side, start, end) in ConversationTurns.Group(messages, WritesBlock))
        {
            writer.WriteStartObject();
            writer.WriteString("role"u8, side == ChatRole.Assistant ? "assistant"u8 : "user"u8);
            writer.WriteStartArray("content"u8);
            for (var i = start; i < end; i++)
            {
                WriteParts(writer, messages[i], i, first: true);
            }

            for (var i = start; i < end; i++)
            {
                WriteParts(writer, messages[i], i, first: false);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static bool WritesBlock(ContentPart part, ChatRole side) => part switch
    {
        TextPart text => text.Text.Length > 0,
        ReasoningPart reasoning => side == ChatRole.Assistant && IsAnthropicSigned(reasoning),
        _ => true,
    };

    /// <summary>Thinking Anthropic minted and signed: the only reasoning it accepts back.</summary>
    private static bool IsAnthropicSigned(ReasoningPart reasoning) =>
        reasoning.Origin == WireFormat.AnthropicMessages
        && (!string.IsNullOrEmpty(reasoning.Signature) || reasoning.RedactedData is not null);

    /// <summary>
    /// One message's blocks: with <paramref name="first"/> those that lead the turn (tool results, signed thinking),
    /// otherwise the rest, in order.
    /// </summary>
    private static void WriteParts(Utf8JsonWriter writer, CanonicalMessage message, int messageIndex, bool first)
    {
        if (message.Role is ChatRole.System or ChatRole.Developer)
        {
            return;
        }

        var toolCall = 0;
        foreach (var part in message.Parts)
        {
            var leads = part is ToolResultPart || (part is ReasoningPart && message.Role == ChatRole.Assistant);
            if (part is ToolCallPart call)
            {
                if (!first)
                {
                    WriteToolUse(writer, call, messageIndex, toolCall);
                }

                toolCall++;
            }
            else if (leads == first)
            {
                WritePart(writer, part, messageIndex, message.Role);
            }
        }
    }

    private static void WritePart(Utf8JsonWriter writer, ContentPart part, int messageIndex, ChatRole role)
    {
        switch (part)
        {
            case TextPart text:
                if (text.Text.Length > 0)
                {
                    WriteText(writer, text);
                }

                break;
            case ImagePart image:
                WriteImage(writer, image, messageIndex);
                break;
            case DocumentPart document:
                WriteDocument(writer, document, messageIndex);
                break;
            case ToolResultPart result:
                WriteToolResult(writer, result, messageIndex);
                break;
            case ReasoningPart reasoning when role == ChatRole.Assistant && IsAnthropicSigned(reasoning):
                WriteReasoning(writer, reasoning);
                break;
        }
    }
}
