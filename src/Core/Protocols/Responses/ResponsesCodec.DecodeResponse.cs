using System.Text;
using System.Text.Json;
using LlmGateway.Http;
using LlmGateway.Protocols.OpenAI;
using LlmGateway.Translation;
using LlmGateway.Usage;

namespace LlmGateway.Protocols.Responses;

/// <summary>An upstream's Responses body → canonical.</summary>
internal static partial class ResponsesCodec
{
    /// <summary>
    /// Reads a response object in one forward pass: <c>message</c> items' <c>output_text</c> (and <c>refusal</c>) parts
    /// as text, <c>function_call</c> items as tool calls (<c>call_id</c> is the id), <c>reasoning</c> items as unsigned
    /// reasoning of Origin Responses (their summary text); items of built-in tools are left out. <c>encrypted_content</c> is left out: it can only go back to OpenAI, and a client of another format would
    /// send it back as its own provider's signature. <c>status</c>: completed → end turn (tool use when it called functions); incomplete → max tokens or, for
    /// <c>content_filter</c>, refusal; failed, or an <c>error</c> object → that error.
    /// </summary>
    public static CanonicalResponse DecodeResponse(ReadOnlySpan<byte> json)
    {
        string? id = null, model = null, status = null, incomplete = null;
        long created = 0;
        var usage = default(TokenUsage);
        GatewayError? error = null;
        var content = new List<ContentPart>();
        var refused = false;
        var reader = new Utf8JsonReader(json);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw InvalidResponse();
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("id"u8))
                {
                    id = OpenAIChatCodec.ReadOptionalString(ref reader);
                }
                else if (reader.ValueTextEquals("model"u8))
                {
                    model = OpenAIChatCodec.ReadOptionalString(ref reader);
                }
                else if (reader.ValueTextEquals("status"u8))
                {
                    status = OpenAIChatCodec.ReadOptionalString(ref reader);
                }
                else if (reader.ValueTextEquals("created_at"u8))
                {
                    reader.Read();
                    created = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var seconds) ? seconds : 0;
                }
                else if (reader.ValueTextEquals("incomplete_details"u8))
                {
                    reader.Read();
                    incomplete = ReadMember(ref reader, "reason"u8);
                }
                else if (reader.ValueTextEquals("usage"u8))
                {
                    reader.Read();
                    usage = ResponsesItems.ReadUsage(ref reader);
                }
                else if (reader.ValueTextEquals("error"u8))
                {
                    reader.Read();
                    error = reader.TokenType == JsonTokenType.Null ? null : OpenAIChatCodec.ReadError(ref reader);
                }
                else if (reader.ValueTextEquals("output"u8))
                {
                    reader.Read();
                    refused = ReadOutput(ref reader, content);
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
            throw InvalidResponse();
        }

        if (error is not null || status == "failed")
        {
            throw new GatewayErrorException(error ?? new GatewayError(502, "upstream_error", "The Responses upstream reported that the response failed."));
        }

        var response = new CanonicalResponse
        {
            Id = id ?? throw InvalidResponse(),
            Model = model ?? "",
            Origin = WireFormat.OpenAIResponses,
            Created = created,
            Usage = usage,
        };
        response.Content.AddRange(content);
        response.StopReason = StopReasonFor(status, incomplete, refused, content.Exists(static p => p is ToolCallPart));
        return response;
    }

    /// <summary>How a response ended, from its status and what it holds.</summary>
    internal static StopReason StopReasonFor(string? status, string? incompleteReason, bool refused, bool calledTools) =>
        status == "incomplete"
            ? incompleteReason == "content_filter" ? StopReason.Refusal : StopReason.MaxTokens
            : refused ? StopReason.Refusal
            : calledTools ? StopReason.ToolUse
            : StopReason.EndTurn;

    /// <summary>Reads the <c>output</c> array into content; returns whether a message held a refusal.</summary>
    private static bool ReadOutput(ref Utf8JsonReader reader, List<ContentPart> content)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return false;
        }

        var refused = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            string? type = null, callId = null, name = null, arguments = null, summary = null;
            List<(string Type, string Text)>? parts = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    type = OpenAIChatCodec.ReadOptionalString(ref reader);
                }
                else if (reader.ValueTextEquals("call_id"u8))
                {
                    callId = OpenAIChatCodec.ReadOptionalString(ref reader);
                }
                else if (reader.ValueTextEquals("name"u8))
                {
                    name = OpenAIChatCodec.ReadOptionalString(ref reader);
                }
                else if (reader.ValueTextEquals("arguments"u8))
                {
                    arguments = OpenAIChatCodec.ReadOptionalString(ref reader);
                }
                else if (reader.ValueTextEquals("summary"u8))
                {
                    reader.Read();
                    summary = JoinParts(ReadParts(ref reader));
                }
                else if (reader.ValueTextEquals("content"u8))
                {
                    reader.Read();
                    parts = ReadParts(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            switch (type)
            {
                case "message":
                    foreach (var (partType, text) in parts ?? [])
                    {
                        refused |= partType == "refusal";
                        content.Add(new TextPart(text));
                    }

                    break;
                case "function_call":
                    content.Add(new ToolCallPart(callId ?? "", name ?? "", arguments ?? "{}"));
                    break;
                case "reasoning" when (summary ?? JoinParts(parts)) is { Length: > 0 } reasoning:
                    // Without a summary there is nothing a client of another format can show or send back.
                    content.Add(new ReasoningPart(reasoning) { Origin = WireFormat.OpenAIResponses });
                    break;
            }
        }

        return refused;
    }

    /// <summary>An array of <c>{type, text | refusal}</c> parts (the reader is on its start); null for anything else.</summary>
    private static List<(string Type, string Text)>? ReadParts(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return null;
        }

        var parts = new List<(string, string)>(1);
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            string? type = null, text = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    type = OpenAIChatCodec.ReadOptionalString(ref reader);
                }
                else if (reader.ValueTextEquals("text"u8) || reader.ValueTextEquals("refusal"u8))
                {
                    text = OpenAIChatCodec.ReadOptionalString(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (text is not null)
            {
                parts.Add((type ?? "", text));
            }
        }

        return parts;
    }

    private static string? JoinParts(List<(string Type, string Text)>? parts)
    {
        if (parts is not { Count: > 0 })
        {
            return null;
        }

        if (parts.Count == 1)
        {
            return parts[0].Text;
        }

        var joined = new StringBuilder();
        foreach (var (_, text) in parts)
        {
            joined.Append(joined.Length > 0 ? "\n\n" : "").Append(text);
        }

        return joined.ToString();
    }

    /// <summary>One string member of the object the reader is on; null for <c>null</c> or anything else.</summary>
    private static string? ReadMember(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        string? value = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(name))
            {
                value = OpenAIChatCodec.ReadOptionalString(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return value;
    }

    private static GatewayErrorException InvalidResponse() =>
        new(new GatewayError(502, "upstream_invalid_response", "The Responses upstream answered with a body that is not a response object."));
}
