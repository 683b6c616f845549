using System.Buffers;
using System.Text;
using System.Text.Json;
using LlmGateway.Http;
using LlmGateway.Json;
using LlmGateway.Translation;
using LlmGateway.Usage;

namespace LlmGateway.Protocols.Anthropic;

/// <summary>An upstream's Message body → canonical, and canonical → a client's Message body.</summary>
internal static partial class AnthropicCodec
{
    /// <summary>
    /// Reads an Anthropic Message in one forward pass. Blocks with no canonical counterpart (server tool use and
    /// its results) are left out; a body that is not a Message is a 502 (an error object: its own status).
    /// </summary>
    public static CanonicalResponse DecodeResponse(ReadOnlySpan<byte> json)
    {
        string? id = null, model = null, stopReason = null, stopSequence = null, errorType = null, errorMessage = null;
        var content = new List<ContentPart>();
        var usage = default(TokenUsage);
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
                    id = ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("model"u8))
                {
                    model = ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("stop_reason"u8))
                {
                    stopReason = ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("stop_sequence"u8))
                {
                    stopSequence = ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("usage"u8))
                {
                    reader.Read();
                    usage = AnthropicUsage.Read(ref reader).ApplyTo(default);
                }
                else if (reader.ValueTextEquals("content"u8))
                {
                    reader.Read();
                    ReadContent(ref reader, json, content);
                }
                else if (reader.ValueTextEquals("error"u8))
                {
                    reader.Read();
                    (errorType, errorMessage) = ReadError(ref reader);
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

        if (errorType is not null)
        {
            throw new GatewayErrorException(AnthropicErrors.FromAnthropic(AnthropicErrors.StatusFor(errorType), errorType, errorMessage ?? errorType));
        }

        var response = new CanonicalResponse
        {
            Id = id ?? throw InvalidResponse(),
            Model = model ?? "",
            Origin = WireFormat.AnthropicMessages,
            StopReason = ParseStopReason(stopReason) ?? StopReason.EndTurn,
            StopSequence = stopSequence,
            Usage = usage,
        };
        response.Content.AddRange(content);
        return response;
    }

    /// <summary>
    /// Writes the client's Message body. Reasoning another provider produced (an OpenAI-compatible upstream's
    /// <c>reasoning_content</c>) becomes a <c>thinking</c> block with an empty signature: Claude Code shows thinking
    /// blocks, and the empty signature marks it as unsigned, so <see cref="EncodeRequest"/> never sends it to Anthropic.
    /// </summary>
    public static void EncodeResponse(CanonicalResponse response, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(response);
        using var writer = new Utf8JsonWriter(output, JsonDefaults.Writer);
        writer.WriteStartObject();
        writer.WriteString("id"u8, MessageId(response.Id));
        writer.WriteString("type"u8, "message"u8);
        writer.WriteString("role"u8, "assistant"u8);
        writer.WriteString("model"u8, response.Model);
        writer.WriteStartArray("content"u8);
        foreach (var part in response.Content)
        {
            switch (part)
            {
                case TextPart text:
                    writer.WriteStartObject();
                    writer.WriteString("type"u8, "text"u8);
                    writer.WriteString("text"u8, text.Text);
                    writer.WriteEndObject();
                    break;
                case ReasoningPart { RedactedData: { } data }:
                    writer.WriteStartObject();
                    writer.WriteString("type"u8, "redacted_thinking"u8);
                    writer.WriteString("data"u8, data);
                    writer.WriteEndObject();
                    break;
                case ReasoningPart reasoning:
                    writer.WriteStartObject();
                    writer.WriteString("type"u8, "thinking"u8);
                    writer.WriteString("thinking"u8, reasoning.Text);
                    writer.WriteString("signature"u8, reasoning.Signature ?? "");
                    writer.WriteEndObject();
                    break;
                case ToolCallPart call:
                    writer.WriteStartObject();
                    writer.WriteString("type"u8, "tool_use"u8);
                    writer.WriteString("id"u8, call.Id);
                    writer.WriteString("name"u8, call.Name);
                    writer.WritePropertyName("input"u8);
                    if (!TryWriteObject(writer, call.Arguments))
                    {
                        throw new GatewayErrorException(new GatewayError(502, "upstream_invalid_tool_arguments",
                            $"The upstream model produced arguments for tool '{call.Name}' that are not a JSON object."));
                    }

                    writer.WriteEndObject();
                    break;
            }
        }

        writer.WriteEndArray();
        writer.WriteString("stop_reason"u8, StopReasonName(response.StopReason));
        if (response.StopReason == StopReason.StopSequence && response.StopSequence is { } sequence)
        {
            writer.WriteString("stop_sequence"u8, sequence);
        }
        else
        {
            writer.WriteNull("stop_sequence"u8);
        }

        AnthropicUsage.Write(writer, response.Usage);
        writer.WriteEndObject();
    }

    private static void ReadContent(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, List<ContentPart> content)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            string? type = null, text = null, signature = null, data = null, id = null, name = null, input = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    type = ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("text"u8) || reader.ValueTextEquals("thinking"u8))
                {
                    text = ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("signature"u8))
                {
                    signature = ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("data"u8))
                {
                    data = ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("id"u8))
                {
                    id = ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("name"u8))
                {
                    name = ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("input"u8))
                {
                    reader.Read();
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    input = Encoding.UTF8.GetString(json[start..(int)reader.BytesConsumed]);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            ContentPart? part = type switch
            {
                "text" => new TextPart(text ?? ""),
                "thinking" => new ReasoningPart(text ?? "") { Signature = signature, Origin = WireFormat.AnthropicMessages },
                "redacted_thinking" => new ReasoningPart("") { RedactedData = data ?? "", Origin = WireFormat.AnthropicMessages },
                "tool_use" => new ToolCallPart(id ?? "", name ?? "", input ?? "{}"),
                _ => null,
            };
            if (part is not null)
            {
                content.Add(part);
            }
        }
    }

    private static (string? Type, string? Message) ReadError(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return (null, null);
        }

        string? type = null, message = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                type = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("message"u8))
            {
                message = ReadString(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return (type ?? "api_error", message);
    }

    /// <summary>Reads the next value as a string; null for null or any other kind (skipped).</summary>
    private static string? ReadString(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        reader.Skip();
        return null;
    }

    private static GatewayErrorException InvalidResponse() =>
        new(new GatewayError(502, "upstream_invalid_response", "The Anthropic upstream answered with a body that is not a Message."));
}
