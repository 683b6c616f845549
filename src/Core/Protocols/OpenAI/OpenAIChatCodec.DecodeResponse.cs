using System.Text;
using System.Text.Json;
using LlmGateway.Http;
using LlmGateway.Translation;
using LlmGateway.Usage;

namespace LlmGateway.Protocols.OpenAI;

internal static partial class OpenAIChatCodec
{
    /// <summary>
    /// An upstream's Chat Completions body → canonical: the first choice's reasoning (<c>reasoning_content</c> or
    /// <c>reasoning</c>), then its text, then its tool calls (a legacy <c>function_call</c> becomes one).
    /// A body that is not JSON or has no <c>choices</c> throws a 502; one with a top-level <c>error</c> instead
    /// throws that error (502 unless it carries a numeric HTTP status as its code).
    /// </summary>
    public static CanonicalResponse DecodeResponse(ReadOnlySpan<byte> json)
    {
        var message = new ResponseMessage();
        string? id = null, model = null;
        long created = 0;
        TokenUsage usage = default;
        GatewayError? error = null;
        var sawChoices = false;
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException();
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("id"u8))
                {
                    id = ReadOptionalString(ref reader);
                }
                else if (reader.ValueTextEquals("model"u8))
                {
                    model = ReadOptionalString(ref reader);
                }
                else if (reader.ValueTextEquals("created"u8))
                {
                    created = ReadInt64(ref reader);
                }
                else if (reader.ValueTextEquals("choices"u8))
                {
                    reader.Read();
                    sawChoices = reader.TokenType == JsonTokenType.StartArray;
                    ReadFirstChoice(ref reader, message);
                }
                else if (reader.ValueTextEquals("usage"u8))
                {
                    reader.Read();
                    usage = reader.TokenType == JsonTokenType.StartObject ? ReadUsage(ref reader) : default;
                    if (reader.TokenType != JsonTokenType.EndObject)
                    {
                        reader.Skip();
                    }
                }
                else if (reader.ValueTextEquals("error"u8))
                {
                    reader.Read();
                    error = reader.TokenType == JsonTokenType.Null ? null : ReadError(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            throw new GatewayErrorException(new GatewayError(502, "upstream_invalid_response", "The upstream returned a Chat Completions body that is not valid JSON."));
        }

        if (!sawChoices)
        {
            throw new GatewayErrorException(error ?? new GatewayError(502, "upstream_invalid_response", "The upstream returned a Chat Completions body without 'choices'."));
        }

        var response = new CanonicalResponse
        {
            Id = id ?? "chatcmpl-" + Guid.NewGuid().ToString("N"),
            Model = model ?? string.Empty,
            Origin = WireFormat.OpenAIChat,
            Created = created,
            Usage = usage,
        };
        if (message.Reasoning is { Length: > 0 } reasoning)
        {
            response.Content.Add(new ReasoningPart(reasoning));
        }

        if (message.Text is { Length: > 0 } text)
        {
            response.Content.Add(new TextPart(text));
        }

        if (message.ToolCalls is { } toolCalls)
        {
            response.Content.AddRange(toolCalls);
        }

        var reason = message.FinishReason ?? StopReason.EndTurn;
        response.StopReason = reason == StopReason.EndTurn && message.ToolCalls is { Count: > 0 } ? StopReason.ToolUse : reason;
        return response;
    }

    /// <summary>Reads <c>choices</c> (the reader is on its start) keeping only the first choice.</summary>
    private static void ReadFirstChoice(ref Utf8JsonReader reader, ResponseMessage message)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        var first = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (!first || reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            first = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("message"u8))
                {
                    reader.Read();
                    ReadResponseMessage(ref reader, message);
                }
                else if (reader.ValueTextEquals("finish_reason"u8))
                {
                    message.FinishReason = ReadFinishReason(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
    }

    private static void ReadResponseMessage(ref Utf8JsonReader reader, ResponseMessage message)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        string? reasoningContent = null, reasoning = null, refusal = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("content"u8))
            {
                reader.Read();
                message.Text = ReadContentText(ref reader);
            }
            else if (reader.ValueTextEquals("reasoning_content"u8))
            {
                reasoningContent = ReadOptionalString(ref reader);
            }
            else if (reader.ValueTextEquals("reasoning"u8))
            {
                reasoning = ReadOptionalString(ref reader);
            }
            else if (reader.ValueTextEquals("refusal"u8))
            {
                refusal = ReadOptionalString(ref reader);
            }
            else if (reader.ValueTextEquals("tool_calls"u8))
            {
                reader.Read();
                ReadToolCalls(ref reader, message);
            }
            else if (reader.ValueTextEquals("function_call"u8))
            {
                reader.Read();
                if (ReadFunction(ref reader) is { } function)
                {
                    (message.ToolCalls ??= []).Add(new ToolCallPart(NewToolCallId(), function.Name, function.Arguments));
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        message.Reasoning = reasoningContent is { Length: > 0 } ? reasoningContent : reasoning;
        if (message.Text is not { Length: > 0 })
        {
            message.Text = refusal;
        }
    }

    /// <summary><c>content</c>: a string, null, or (some servers) an array of parts whose texts are concatenated.</summary>
    private static string? ReadContentText(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return null;
        }

        StringBuilder? text = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("text"u8))
                {
                    if (ReadOptionalString(ref reader) is { } part)
                    {
                        (text ??= new StringBuilder()).Append(part);
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }

        return text?.ToString();
    }

    private static void ReadToolCalls(ref Utf8JsonReader reader, ResponseMessage message)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            string? id = null;
            (string Name, string Arguments)? function = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("id"u8))
                {
                    id = ReadOptionalString(ref reader);
                }
                else if (reader.ValueTextEquals("function"u8))
                {
                    reader.Read();
                    function = ReadFunction(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (function is { } call)
            {
                (message.ToolCalls ??= []).Add(new ToolCallPart(id is { Length: > 0 } ? id : NewToolCallId(), call.Name, call.Arguments));
            }
        }
    }

    /// <summary><c>{name, arguments}</c> (the reader is on its start); null when it is not an object.</summary>
    private static (string Name, string Arguments)? ReadFunction(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        string? name = null, arguments = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("name"u8))
            {
                name = ReadOptionalString(ref reader);
            }
            else if (reader.ValueTextEquals("arguments"u8))
            {
                arguments = ReadOptionalString(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return (name ?? string.Empty, arguments is { Length: > 0 } ? arguments : "{}");
    }

    /// <summary>What <see cref="DecodeResponse"/> collects from the first choice before ordering it.</summary>
    private sealed class ResponseMessage
    {
        public string? Reasoning { get; set; }

        public string? Text { get; set; }

        public List<ContentPart>? ToolCalls { get; set; }

        public StopReason? FinishReason { get; set; }
    }
}
