using System.Globalization;
using System.Text.Json;
using LlmGateway.Translation;

namespace LlmGateway.Protocols.Gemini;

/// <summary>A client's <c>systemInstruction</c> and <c>contents</c> → canonical messages.</summary>
internal static partial class GeminiCodec
{
    private static void ReadSystem(JsonElement system, CanonicalRequest request)
    {
        switch (system.ValueKind)
        {
            case JsonValueKind.Undefined or JsonValueKind.Null:
                return;
            case JsonValueKind.String:
                if (system.GetString() is { Length: > 0 } whole)
                {
                    request.Messages.Add(new CanonicalMessage(ChatRole.System, [new TextPart(whole)]));
                }

                return;
            case JsonValueKind.Object when system.TryGetProperty("parts"u8, out var parts) && parts.ValueKind == JsonValueKind.Array:
                var texts = new List<ContentPart>(parts.GetArrayLength());
                var index = 0;
                foreach (var part in parts.EnumerateArray())
                {
                    var text = part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text"u8, out var value) && value.ValueKind == JsonValueKind.String
                        ? value.GetString()!
                        : throw BadRequest("'systemInstruction' may hold only text parts.", Path("systemInstruction.parts", index));
                    if (text.Length > 0)
                    {
                        texts.Add(new TextPart(text));
                    }

                    index++;
                }

                if (texts.Count > 0)
                {
                    request.Messages.Add(new CanonicalMessage(ChatRole.System, texts));
                }

                return;
            default:
                throw BadRequest("'systemInstruction' must be a Content object with text parts.", "systemInstruction");
        }
    }

    /// <summary>
    /// One message per content (role <c>user</c> or absent → user, <c>model</c> → assistant); the function
    /// responses of a content come first as a tool message. Function calls without an id get
    /// <c>call_&lt;content&gt;_&lt;part&gt;</c>; a function response without an id answers the earliest unanswered
    /// call of the same name.
    /// </summary>
    private static void ReadContents(JsonElement contents, CanonicalRequest request)
    {
        var calls = new PendingCalls();
        var index = 0;
        foreach (var content in contents.EnumerateArray())
        {
            if (content.ValueKind != JsonValueKind.Object)
            {
                throw BadRequest("Each content must be an object.", Path("contents", index));
            }

            var role = OptionalString(content, "role"u8, "role"u8) switch
            {
                null or "user" => ChatRole.User,
                "model" => ChatRole.Assistant,
                "function" or "tool" => ChatRole.Tool,
                _ => throw BadRequest("A content's 'role' must be 'user' or 'model'.", Path("contents", index) + ".role"),
            };
            if (!content.TryGetProperty("parts"u8, out var parts) || parts.ValueKind != JsonValueKind.Array)
            {
                throw BadRequest("A content needs a 'parts' array.", Path("contents", index) + ".parts");
            }

            List<ContentPart>? results = null;
            var own = new List<ContentPart>(parts.GetArrayLength());
            var partIndex = 0;
            foreach (var part in parts.EnumerateArray())
            {
                var read = ReadPart(part, index, partIndex++, calls);
                if (read is ToolResultPart)
                {
                    (results ??= []).Add(read);
                }
                else if (read is not null)
                {
                    own.Add(read);
                }
            }

            if (results is not null)
            {
                request.Messages.Add(new CanonicalMessage(ChatRole.Tool, results));
            }

            if (own.Count > 0)
            {
                request.Messages.Add(new CanonicalMessage(role == ChatRole.Tool ? ChatRole.User : role, own));
            }

            index++;
        }
    }

    private static ContentPart? ReadPart(JsonElement part, int contentIndex, int partIndex, PendingCalls calls)
    {
        if (part.ValueKind != JsonValueKind.Object)
        {
            throw BadRequest("Each part must be an object.", Path("contents", contentIndex, "parts", partIndex));
        }

        JsonElement text = default, inline = default, file = default, call = default, response = default;
        string? signature = null;
        var thought = false;
        foreach (var property in part.EnumerateObject())
        {
            var value = property.Value;
            if (property.NameEquals("text"u8))
            {
                text = value;
            }
            else if (property.NameEquals("thought"u8))
            {
                thought = value.ValueKind == JsonValueKind.True;
            }
            else if (Is(property, "thoughtSignature"u8, "thought_signature"u8))
            {
                signature = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            }
            else if (Is(property, "inlineData"u8, "inline_data"u8))
            {
                inline = value;
            }
            else if (Is(property, "fileData"u8, "file_data"u8))
            {
                file = value;
            }
            else if (Is(property, "functionCall"u8, "function_call"u8))
            {
                call = value;
            }
            else if (Is(property, "functionResponse"u8, "function_response"u8))
            {
                response = value;
            }
            else if (Is(property, "executableCode"u8, "executable_code"u8) || Is(property, "codeExecutionResult"u8, "code_execution_result"u8))
            {
                throw BadRequest(
                    $"Parts of type '{property.Name}' (results of Gemini's own code execution) cannot be translated for this model's provider.",
                    Path("contents", contentIndex, "parts", partIndex));
            }
        }

        if (call.ValueKind == JsonValueKind.Object)
        {
            var id = OptionalString(call, "id"u8, "id"u8) ?? string.Create(CultureInfo.InvariantCulture, $"call_{contentIndex}_{partIndex}");
            var name = OptionalString(call, "name"u8, "name"u8)
                ?? throw BadRequest("A function call needs a 'name'.", Path("contents", contentIndex, "parts", partIndex) + ".functionCall.name");
            calls.Add(id, name);
            var args = call.TryGetProperty("args"u8, out var argsElement) && argsElement.ValueKind == JsonValueKind.Object ? argsElement.GetRawText() : "{}";
            return new ToolCallPart(id, name, args) { ThoughtSignature = signature };
        }

        if (response.ValueKind == JsonValueKind.Object)
        {
            return ReadFunctionResponse(response, contentIndex, partIndex, calls);
        }

        if (inline.ValueKind == JsonValueKind.Object || file.ValueKind == JsonValueKind.Object)
        {
            return ReadMedia(inline, file, contentIndex, partIndex, signature);
        }

        if (text.ValueKind == JsonValueKind.String)
        {
            var value = text.GetString()!;
            return thought
                ? new ReasoningPart(value) { Origin = WireFormat.Gemini, ThoughtSignature = signature }
                : new TextPart(value) { ThoughtSignature = signature };
        }

        // A part holding only a signature (Gemini 3 may end a turn with one): kept on an empty text part.
        return signature is null ? null : new TextPart("") { ThoughtSignature = signature };
    }

    private static ToolResultPart ReadFunctionResponse(JsonElement response, int contentIndex, int partIndex, PendingCalls calls)
    {
        var path = Path("contents", contentIndex, "parts", partIndex) + ".functionResponse";
        var name = OptionalString(response, "name"u8, "name"u8) ?? throw BadRequest("A function response needs a 'name'.", path + ".name");
        var id = OptionalString(response, "id"u8, "id"u8) is { } given
            ? calls.Answer(given)
            : calls.AnswerByName(name) ?? string.Create(CultureInfo.InvariantCulture, $"call_{contentIndex}_{partIndex}");
        var content = new List<ContentPart>(1);
        var isError = false;
        if (response.TryGetProperty("response"u8, out var value) && value.ValueKind != JsonValueKind.Null)
        {
            var text = UnwrapResult(value, ref isError) ?? value.GetRawText();
            if (text.Length > 0)
            {
                content.Add(new TextPart(text));
            }
        }

        if (response.TryGetProperty("parts"u8, out var parts) && parts.ValueKind == JsonValueKind.Array)
        {
            // Gemini 3's multimodal function responses: images (and documents) the function returned.
            var index = 0;
            foreach (var part in parts.EnumerateArray())
            {
                if (part.ValueKind == JsonValueKind.Object
                    && (TryGet(part, "inlineData"u8, "inline_data"u8, out var inline) | TryGet(part, "fileData"u8, "file_data"u8, out var file)))
                {
                    content.Add(ReadMedia(inline, file, contentIndex, partIndex, null));
                }
                else
                {
                    throw BadRequest("A function response's parts may hold only inline or file data.", path + Path(".parts", index));
                }

                index++;
            }
        }

        return new ToolResultPart(id, content, isError);
    }

    /// <summary><c>{"result": text}</c> / <c>{"output": text}</c> → the text; <c>{"error": text}</c> → the text, as an error.</summary>
    private static string? UnwrapResult(JsonElement response, ref bool isError)
    {
        if (response.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        using var members = response.EnumerateObject();
        if (!members.MoveNext())
        {
            return null;
        }

        var only = members.Current;
        if (members.MoveNext() || only.Value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        if (only.NameEquals("error"u8))
        {
            isError = true;
            return only.Value.GetString();
        }

        return only.NameEquals("result"u8) || only.NameEquals("output"u8) ? only.Value.GetString() : null;
    }
}
