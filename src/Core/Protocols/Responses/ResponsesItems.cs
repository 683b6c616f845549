using System.Text.Json;
using LlmGateway.Protocols.OpenAI;
using LlmGateway.Usage;

namespace LlmGateway.Protocols.Responses;

/// <summary>
/// The JSON of Responses output items, usage and the response object's head, shared by the non-stream answer
/// (<see cref="ResponsesCodec.EncodeResponse"/>) and the stream (<see cref="ResponsesStreamEncoder"/>) so that an
/// item is written the same in <c>response.output_item.done</c>, in <c>response.completed</c> and in a body.
/// </summary>
internal static class ResponsesItems
{
    /// <summary>An assistant <c>message</c>; with <paramref name="text"/> null, the empty in-progress item of <c>output_item.added</c>.</summary>
    public static void WriteMessage(Utf8JsonWriter writer, string id, string? text)
    {
        writer.WriteStartObject();
        writer.WriteString("id"u8, id);
        writer.WriteString("type"u8, "message"u8);
        writer.WriteString("status"u8, text is null ? "in_progress"u8 : "completed"u8);
        writer.WriteString("role"u8, "assistant"u8);
        writer.WriteStartArray("content"u8);
        if (text is not null)
        {
            WriteOutputText(writer, text);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>An <c>output_text</c> content part: <c>{type, annotations: [], text}</c>.</summary>
    public static void WriteOutputText(Utf8JsonWriter writer, string text)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, "output_text"u8);
        writer.WriteStartArray("annotations"u8);
        writer.WriteEndArray();
        writer.WriteString("text"u8, text);
        writer.WriteEndObject();
    }

    /// <summary>A <c>function_call</c> item; <paramref name="done"/> false for the in-progress one of <c>output_item.added</c>.</summary>
    public static void WriteFunctionCall(Utf8JsonWriter writer, string id, string callId, string name, string arguments, bool done)
    {
        writer.WriteStartObject();
        writer.WriteString("id"u8, id);
        writer.WriteString("type"u8, "function_call"u8);
        writer.WriteString("status"u8, done ? "completed"u8 : "in_progress"u8);
        writer.WriteString("arguments"u8, arguments);
        writer.WriteString("call_id"u8, callId);
        writer.WriteString("name"u8, name);
        writer.WriteEndObject();
    }

    /// <summary>
    /// A <c>reasoning</c> item: its summary (one <c>summary_text</c>; none when <paramref name="summary"/> is null or
    /// empty) and, when there is one, its <c>encrypted_content</c>.
    /// </summary>
    public static void WriteReasoning(Utf8JsonWriter writer, string id, string? summary, string? encryptedContent)
    {
        writer.WriteStartObject();
        writer.WriteString("id"u8, id);
        writer.WriteString("type"u8, "reasoning"u8);
        WriteReasoningBody(writer, summary, encryptedContent);
        writer.WriteEndObject();
    }

    /// <summary>A reasoning item sent back to a Responses upstream: no id (nothing is stored), summary and encrypted content.</summary>
    public static void WriteReasoningInput(Utf8JsonWriter writer, string summary, string? encryptedContent)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, "reasoning"u8);
        WriteReasoningBody(writer, summary, encryptedContent);
        writer.WriteEndObject();
    }

    public static void WriteSummaryText(Utf8JsonWriter writer, string text)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, "summary_text"u8);
        writer.WriteString("text"u8, text);
        writer.WriteEndObject();
    }

    /// <summary>
    /// The response object's members up to <c>output</c> (left open): <c>id</c>, <c>object</c>, <c>created_at</c>,
    /// <c>status</c>, <c>error</c>, <c>incomplete_details</c>, <c>model</c>.
    /// </summary>
    public static void WriteResponseHead(Utf8JsonWriter writer, string id, long createdAt, string status, string model, string? incompleteReason)
    {
        writer.WriteString("id"u8, id);
        writer.WriteString("object"u8, "response"u8);
        writer.WriteNumber("created_at"u8, createdAt);
        writer.WriteString("status"u8, status);
        writer.WriteNull("error"u8);
        if (incompleteReason is null)
        {
            writer.WriteNull("incomplete_details"u8);
        }
        else
        {
            writer.WriteStartObject("incomplete_details"u8);
            writer.WriteString("reason"u8, incompleteReason);
            writer.WriteEndObject();
        }

        writer.WriteString("model"u8, model);
    }

    /// <summary><c>"usage": {...}</c> with integer counts; input includes cached tokens and output reasoning tokens, as in the canonical model.</summary>
    public static void WriteUsage(Utf8JsonWriter writer, TokenUsage usage)
    {
        writer.WriteStartObject("usage"u8);
        writer.WriteNumber("input_tokens"u8, usage.Input);
        writer.WriteStartObject("input_tokens_details"u8);
        writer.WriteNumber("cached_tokens"u8, usage.Cached);
        writer.WriteEndObject();
        writer.WriteNumber("output_tokens"u8, usage.Output);
        writer.WriteStartObject("output_tokens_details"u8);
        writer.WriteNumber("reasoning_tokens"u8, usage.Reasoning);
        writer.WriteEndObject();
        writer.WriteNumber("total_tokens"u8, usage.Total);
        writer.WriteEndObject();
    }

    /// <summary>Reads a <c>usage</c> object (the reader is on its start; anything else is skipped and counts nothing).</summary>
    public static TokenUsage ReadUsage(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return default;
        }

        long input = 0, output = 0, cached = 0, reasoning = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("input_tokens"u8))
            {
                input = OpenAIChatCodec.ReadInt64(ref reader);
            }
            else if (reader.ValueTextEquals("output_tokens"u8))
            {
                output = OpenAIChatCodec.ReadInt64(ref reader);
            }
            else if (reader.ValueTextEquals("input_tokens_details"u8))
            {
                cached = OpenAIChatCodec.ReadNestedInt64(ref reader, "cached_tokens"u8);
            }
            else if (reader.ValueTextEquals("output_tokens_details"u8))
            {
                reasoning = OpenAIChatCodec.ReadNestedInt64(ref reader, "reasoning_tokens"u8);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new TokenUsage(input, output, cached, reasoning);
    }

    private static void WriteReasoningBody(Utf8JsonWriter writer, string? summary, string? encryptedContent)
    {
        writer.WriteStartArray("summary"u8);
        if (!string.IsNullOrEmpty(summary))
        {
            WriteSummaryText(writer, summary);
        }

        writer.WriteEndArray();
        if (encryptedContent is not null)
        {
            writer.WriteString("encrypted_content"u8, encryptedContent);
        }
    }
}
