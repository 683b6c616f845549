using System.Text.Json;
using LlmGateway.Protocols.OpenAI;
using LlmGateway.Usage;

namespace LlmGateway.Protocols.Responses;

/// <summary>One event of a Responses stream, read in one pass: only what the decoder uses.</summary>
internal sealed partial class ResponsesStreamDecoder
{
    private struct Frame
    {
        public string? Type;
        public long? Sequence;
        public string? Delta;

        /// <summary><c>arguments</c> of <c>function_call_arguments.done</c>.</summary>
        public string? Arguments;

        /// <summary>Top-level <c>code</c>/<c>message</c> of an <c>error</c> event.</summary>
        public string? ErrorCode;
        public string? ErrorMessage;

        /// <summary>The <c>response</c> object of created/in_progress/completed/incomplete/failed.</summary>
        public string? ResponseId;
        public string? Model;
        public string? Status;
        public string? IncompleteReason;
        public TokenUsage? Usage;
        public string? ResponseErrorCode;
        public string? ResponseErrorMessage;

        /// <summary>The <c>item</c> of output_item.added/done.</summary>
        public string? ItemType;
        public string? CallId;
        public string? Name;
        public string? ItemArguments;
        public string? ItemText;

        /// <summary>The <c>part</c> of content_part.added (<c>output_text</c> or <c>refusal</c>).</summary>
        public string? PartType;

        public static Frame Read(ReadOnlySpan<byte> json)
        {
            var frame = default(Frame);
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException("An event must be a JSON object.");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    frame.Type = OpenAIChatCodec.ReadOptionalString(ref reader);
                }
                else if (reader.ValueTextEquals("sequence_number"u8))
                {
                    reader.Read();
                    frame.Sequence = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var sequence) ? sequence : null;
                }
                else if (reader.ValueTextEquals("delta"u8))
                {
                    frame.Delta = OpenAIChatCodec.ReadOptionalString(ref reader);
                }
                else if (reader.ValueTextEquals("arguments"u8))
                {
                    frame.Arguments = OpenAIChatCodec.ReadOptionalString(ref reader);
                }
                else if (reader.ValueTextEquals("code"u8))
                {
                    frame.ErrorCode = OpenAIChatCodec.ReadOptionalString(ref reader);
                }
                else if (reader.ValueTextEquals("message"u8))
                {
                    frame.ErrorMessage = OpenAIChatCodec.ReadOptionalString(ref reader);
                }
                else if (reader.ValueTextEquals("response"u8))
                {
                    reader.Read();
                    frame.ReadResponse(ref reader);
                }
                else if (reader.ValueTextEquals("item"u8))
                {
                    reader.Read();
                    frame.ReadItem(ref reader);
                }
                else if (reader.ValueTextEquals("part"u8))
                {
                    reader.Read();
                    frame.PartType = ReadType(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            return frame;
        }

        private void ReadResponse(ref Utf8JsonReader reader)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                return;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("id"u8))
                {
                    ResponseId = OpenAIChatCodec.ReadOptionalString(ref reader);
                }
                else if (reader.ValueTextEquals("model"u8))
                {
                    Model = OpenAIChatCodec.ReadOptionalString(ref reader);
                }
                else if (reader.ValueTextEquals("status"u8))
                {
                    Status = OpenAIChatCodec.ReadOptionalString(ref reader);
                }
                else if (reader.ValueTextEquals("usage"u8))
                {
                    reader.Read();
                    Usage = reader.TokenType == JsonTokenType.StartObject ? ResponsesItems.ReadUsage(ref reader) : Skipped(ref reader);
                }
                else if (reader.ValueTextEquals("incomplete_details"u8))
                {
                    reader.Read();
                    (IncompleteReason, _) = ReadPair(ref reader, "reason"u8, "reason"u8);
                }
                else if (reader.ValueTextEquals("error"u8))
                {
                    reader.Read();
                    (ResponseErrorCode, ResponseErrorMessage) = ReadPair(ref reader, "code"u8, "message"u8);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }

        private void ReadItem(ref Utf8JsonReader reader)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                return;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    ItemType = OpenAIChatCodec.ReadOptionalString(ref reader);
                }
                else if (reader.ValueTextEquals("call_id"u8))
                {
                    CallId = OpenAIChatCodec.ReadOptionalString(ref reader);
                }
                else if (reader.ValueTextEquals("name"u8))
                {
                    Name = OpenAIChatCodec.ReadOptionalString(ref reader);
                }
                else if (reader.ValueTextEquals("arguments"u8))
                {
                    ItemArguments = OpenAIChatCodec.ReadOptionalString(ref reader);
                }
                else if (reader.ValueTextEquals("content"u8) || reader.ValueTextEquals("summary"u8))
                {
                    reader.Read();
                    ItemText = ReadTexts(ref reader) ?? ItemText;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }

        /// <summary>The texts of an array of parts, joined by blank lines; null when there are none.</summary>
        private static string? ReadTexts(ref Utf8JsonReader reader)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                reader.Skip();
                return null;
            }

            string? joined = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                var (text, refusal) = ReadPair(ref reader, "text"u8, "refusal"u8);
                if ((text ?? refusal) is { } value)
                {
                    joined = joined is null ? value : joined + "\n\n" + value;
                }
            }

            return joined;
        }

        private static string? ReadType(ref Utf8JsonReader reader) => ReadPair(ref reader, "type"u8, "type"u8).First;

        /// <summary>Two string members of the object the reader is on; anything else is skipped.</summary>
        private static (string? First, string? Second) ReadPair(ref Utf8JsonReader reader, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                return (null, null);
            }

            string? a = null, b = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals(first))
                {
                    a = OpenAIChatCodec.ReadOptionalString(ref reader);
                }
                else if (reader.ValueTextEquals(second))
                {
                    b = OpenAIChatCodec.ReadOptionalString(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            return (a, b);
        }

        private static TokenUsage? Skipped(ref Utf8JsonReader reader)
        {
            reader.Skip();
            return null;
        }
    }
}
