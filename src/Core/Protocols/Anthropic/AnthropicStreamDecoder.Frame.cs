using System.Text.Json;

namespace LlmGateway.Protocols.Anthropic;

/// <summary>One SSE event's data read in a single forward pass, allocating only the strings it carries.</summary>
internal sealed partial class AnthropicStreamDecoder
{
    private enum FrameType
    {
        Other,
        MessageStart,
        BlockStart,
        BlockDelta,
        BlockStop,
        MessageDelta,
        MessageStop,
        Error,
    }

    /// <summary>A content block's or delta's <c>type</c>.</summary>
    private enum Kind
    {
        Other,
        Text,
        Thinking,
        RedactedThinking,
        ToolUse,
        TextDelta,
        ThinkingDelta,
        SignatureDelta,
        InputJsonDelta,
    }

    private struct Frame
    {
        public FrameType Type;
        public int Index;
        public Kind Kind;

        /// <summary>Text, thinking, partial JSON or (in a delta) signature.</summary>
        public string? Text;
        public string? Signature;
        public string? Data;
        public string? Id;
        public string? Name;
        public string? Model;
        public string? StopReason;
        public string? StopSequence;
        public AnthropicUsage Usage;
        public bool HasUsage;
        public string? ErrorType;
        public string? ErrorMessage;

        public static Frame Read(ReadOnlySpan<byte> data, string? eventType)
        {
            var frame = default(Frame);
            var reader = new Utf8JsonReader(data);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException("An event's data must be a JSON object.");
            }

            var typed = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    frame.Type = TypeOf(ref reader);
                    typed = true;
                }
                else if (reader.ValueTextEquals("index"u8))
                {
                    reader.Read();
                    frame.Index = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var index) ? index : -1;
                }
                else if (reader.ValueTextEquals("message"u8))
                {
                    reader.Read();
                    ReadMessage(ref reader, ref frame);
                }
                else if (reader.ValueTextEquals("content_block"u8))
                {
                    reader.Read();
                    ReadBlock(ref reader, ref frame, delta: false);
                }
                else if (reader.ValueTextEquals("delta"u8))
                {
                    reader.Read();
                    ReadBlock(ref reader, ref frame, delta: true);
                }
                else if (reader.ValueTextEquals("usage"u8))
                {
                    reader.Read();
                    frame.Usage = AnthropicUsage.Read(ref reader);
                    frame.HasUsage = true;
                }
                else if (reader.ValueTextEquals("error"u8))
                {
                    reader.Read();
                    ReadError(ref reader, ref frame);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (!typed)
            {
                frame.Type = eventType switch
                {
                    "message_start" => FrameType.MessageStart,
                    "content_block_start" => FrameType.BlockStart,
                    "content_block_delta" => FrameType.BlockDelta,
                    "content_block_stop" => FrameType.BlockStop,
                    "message_delta" => FrameType.MessageDelta,
                    "message_stop" => FrameType.MessageStop,
                    "error" => FrameType.Error,
                    _ => FrameType.Other,
                };
            }

            return frame;
        }

        private static FrameType TypeOf(ref Utf8JsonReader reader) =>
            reader.TokenType != JsonTokenType.String ? FrameType.Other
            : reader.ValueTextEquals("content_block_delta"u8) ? FrameType.BlockDelta
            : reader.ValueTextEquals("content_block_start"u8) ? FrameType.BlockStart
            : reader.ValueTextEquals("content_block_stop"u8) ? FrameType.BlockStop
            : reader.ValueTextEquals("message_start"u8) ? FrameType.MessageStart
            : reader.ValueTextEquals("message_delta"u8) ? FrameType.MessageDelta
            : reader.ValueTextEquals("message_stop"u8) ? FrameType.MessageStop
            : reader.ValueTextEquals("error"u8) ? FrameType.Error
            : FrameType.Other;

        private static Kind KindOf(ref Utf8JsonReader reader) =>
            reader.TokenType != JsonTokenType.String ? Kind.Other
            : reader.ValueTextEquals("text_delta"u8) ? Kind.TextDelta
            : reader.ValueTextEquals("input_json_delta"u8) ? Kind.InputJsonDelta
            : reader.ValueTextEquals("thinking_delta"u8) ? Kind.ThinkingDelta
            : reader.ValueTextEquals("signature_delta"u8) ? Kind.SignatureDelta
            : reader.ValueTextEquals("text"u8) ? Kind.Text
            : reader.ValueTextEquals("thinking"u8) ? Kind.Thinking
            : reader.ValueTextEquals("redacted_thinking"u8) ? Kind.RedactedThinking
            : reader.ValueTextEquals("tool_use"u8) ? Kind.ToolUse
            : Kind.Other;

        private static void ReadMessage(ref Utf8JsonReader reader, ref Frame frame)
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
                    frame.Id = ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("model"u8))
                {
                    frame.Model = ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("usage"u8))
                {
                    reader.Read();
                    frame.Usage = AnthropicUsage.Read(ref reader);
                    frame.HasUsage = true;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }

        private static void ReadBlock(ref Utf8JsonReader reader, ref Frame frame, bool delta)
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
                    reader.Read();
                    frame.Kind = KindOf(ref reader);
                }
                else if (reader.ValueTextEquals("text"u8) || reader.ValueTextEquals("thinking"u8) || reader.ValueTextEquals("partial_json"u8))
                {
                    frame.Text = ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("signature"u8))
                {
                    if (delta)
                    {
                        frame.Text = ReadString(ref reader);
                    }
                    else
                    {
                        frame.Signature = ReadString(ref reader);
                    }
                }
                else if (reader.ValueTextEquals("data"u8))
                {
                    frame.Data = ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("id"u8))
                {
                    frame.Id = ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("name"u8))
                {
                    frame.Name = ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("stop_reason"u8))
                {
                    frame.StopReason = ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("stop_sequence"u8))
                {
                    frame.StopSequence = ReadString(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }

        private static void ReadError(ref Utf8JsonReader reader, ref Frame frame)
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
                    frame.ErrorType = ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("message"u8))
                {
                    frame.ErrorMessage = ReadString(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }

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
    }
}
