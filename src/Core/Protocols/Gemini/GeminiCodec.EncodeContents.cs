using System.Text.Json;
using LlmGateway.Translation;

namespace LlmGateway.Protocols.Gemini;

/// <summary>
/// Canonical messages → Gemini <c>contents</c>. Consecutive messages of one side merge into one content (user and
/// tool messages are <c>user</c>, assistant ones <c>model</c>): Gemini wants every function response of a turn in
/// the content right after the calls. A user content holds its function responses first, then images the tool
/// results carried, then the rest. System messages go to <c>systemInstruction</c>; messages left with no part are dropped.
/// </summary>
internal static partial class GeminiCodec
{
    /// <param name="unsignedCallSignature">Put on the first function call of a model content that has no signature.</param>
    private static void WriteContents(Utf8JsonWriter writer, CanonicalRequest request, string? unsignedCallSignature)
    {
        var messages = request.Messages;
        var callNames = new Dictionary<string, string>(StringComparer.Ordinal);
        writer.WriteStartArray("contents"u8);
        foreach (var (side, start, end) in ConversationTurns.Group(messages, WritesPart))
        {
            writer.WriteStartObject();
            writer.WriteString("role"u8, side == ChatRole.Assistant ? "model"u8 : "user"u8);
            writer.WriteStartArray("parts"u8);
            if (side == ChatRole.Assistant)
            {
                WriteModelParts(writer, messages, start, end, callNames, unsignedCallSignature);
            }
            else
            {
                WriteUserParts(writer, messages, start, end, callNames);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static bool WritesPart(ContentPart part, ChatRole side) => part switch
    {
        TextPart text => text.Text.Length > 0 || text.ThoughtSignature is not null,
        ReasoningPart reasoning => side == ChatRole.Assistant && IsGeminiThought(reasoning),
        _ => true,
    };

    /// <summary>Reasoning Gemini produced: the only kind it takes back (as a thought part).</summary>
    private static bool IsGeminiThought(ReasoningPart reasoning) =>
        reasoning.Origin == WireFormat.Gemini && (reasoning.Text.Length > 0 || reasoning.ThoughtSignature is not null);

    private static void WriteModelParts(
        Utf8JsonWriter writer, List<CanonicalMessage> messages, int start, int end, Dictionary<string, string> callNames, string? unsignedCallSignature)
    {
        var firstCall = true;
        for (var i = start; i < end; i++)
        {
            var message = messages[i];
            if (message.Role != ChatRole.Assistant)
            {
                continue;
            }

            var callIndex = 0;
            foreach (var part in message.Parts)
            {
                switch (part)
                {
                    case ToolCallPart call:
                        callNames[call.Id] = call.Name;
                        WriteFunctionCall(writer, call, call.ThoughtSignature ?? (firstCall ? unsignedCallSignature : null), i, callIndex++);
                        firstCall = false;
                        break;
                    case ReasoningPart reasoning when IsGeminiThought(reasoning):
                        writer.WriteStartObject();
                        writer.WriteString("text"u8, reasoning.Text);
                        writer.WriteBoolean("thought"u8, true);
                        WriteSignature(writer, reasoning.ThoughtSignature);
                        writer.WriteEndObject();
                        break;
                    case ReasoningPart or ToolResultPart:
                        break;
                    default:
                        WritePart(writer, part, i);
                        break;
                }
            }
        }
    }

    private static void WriteUserParts(Utf8JsonWriter writer, List<CanonicalMessage> messages, int start, int end, Dictionary<string, string> callNames)
    {
        var mediaInResults = false;
        for (var i = start; i < end; i++)
        {
            var parts = messages[i].Parts;
            for (var j = 0; j < parts.Count; j++)
            {
                if (parts[j] is ToolResultPart result)
                {
                    var name = callNames.TryGetValue(result.ToolCallId, out var known)
                        ? known
                        : throw BadRequest(
                            $"The tool result for '{result.ToolCallId}' answers no earlier tool call; Gemini needs the called function's name.",
                            Path("messages", i, "content", j));
                    WriteFunctionResponse(writer, result, name);
                    mediaInResults |= HasMedia(result);
                }
            }
        }

        if (mediaInResults)
        {
            // Images a tool returned follow the function responses as parts of their own (every Gemini model reads those).
            for (var i = start; i < end; i++)
            {
                foreach (var part in messages[i].Parts)
                {
                    if (part is ToolResultPart result)
                    {
                        foreach (var item in result.Content)
                        {
                            if (item is ImagePart or DocumentPart)
                            {
                                WritePart(writer, item, i);
                            }
                        }
                    }
                }
            }
        }

        for (var i = start; i < end; i++)
        {
            if (messages[i].Role is ChatRole.System or ChatRole.Developer)
            {
                continue;
            }

            foreach (var part in messages[i].Parts)
            {
                if (part is not (ToolResultPart or ReasoningPart or ToolCallPart))
                {
                    WritePart(writer, part, i);
                }
            }
        }
    }

    private static bool HasMedia(ToolResultPart result)
    {
        foreach (var item in result.Content)
        {
            if (item is ImagePart or DocumentPart)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Text, images and documents.</summary>
    private static void WritePart(Utf8JsonWriter writer, ContentPart part, int messageIndex)
    {
        switch (part)
        {
            case TextPart text when text.Text.Length > 0 || text.ThoughtSignature is not null:
                writer.WriteStartObject();
                writer.WriteString("text"u8, text.Text);
                WriteSignature(writer, text.ThoughtSignature);
                writer.WriteEndObject();
                break;
            case ImagePart image:
                WriteImage(writer, image, messageIndex);
                break;
            case DocumentPart document:
                WriteDocument(writer, document, messageIndex);
                break;
        }
    }

    private static void WriteSignature(Utf8JsonWriter writer, string? signature)
    {
        if (signature is not null)
        {
            writer.WriteString("thoughtSignature"u8, signature);
        }
    }

    private static void WriteFunctionCall(Utf8JsonWriter writer, ToolCallPart call, string? signature, int messageIndex, int callIndex)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("functionCall"u8);
        writer.WriteString("id"u8, call.Id);
        writer.WriteString("name"u8, call.Name);
        writer.WritePropertyName("args"u8);
        if (!JsonObjects.TryWrite(writer, call.Arguments))
        {
            throw BadRequest(
                "Tool call arguments must be a JSON object for a Gemini upstream.",
                Path("messages", messageIndex, "tool_calls", callIndex) + ".function.arguments");
        }

        writer.WriteEndObject();
        WriteSignature(writer, signature);
        writer.WriteEndObject();
    }

    /// <summary>
    /// <c>functionResponse{id, name, response}</c>: the result's text as the response when it is a JSON object,
    /// otherwise <c>{"result": text}</c> (<c>{"error": text}</c> for an error).
    /// </summary>
    private static void WriteFunctionResponse(Utf8JsonWriter writer, ToolResultPart result, string name)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("functionResponse"u8);
        writer.WriteString("id"u8, result.ToolCallId);
        writer.WriteString("name"u8, name);
        writer.WritePropertyName("response"u8);
        var text = ResultText(result.Content);
        if (result.IsError || !JsonObjects.TryWrite(writer, text, emptyIsObject: false))
        {
            writer.WriteStartObject();
            writer.WriteString(result.IsError ? "error"u8 : "result"u8, text);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>The text parts of a tool result, joined by line breaks.</summary>
    private static string ResultText(List<ContentPart> content)
    {
        string? single = null;
        var count = 0;
        foreach (var part in content)
        {
            if (part is TextPart text)
            {
                single = text.Text;
                count++;
            }
        }

        if (count <= 1)
        {
            return single ?? "";
        }

        var texts = new List<string>(count);
        foreach (var part in content)
        {
            if (part is TextPart text)
            {
                texts.Add(text.Text);
            }
        }

        return string.Join('\n', texts);
    }
}
