using System.Text.Json;
using LlmGateway.Http;
using LlmGateway.Translation;
using LlmGateway.Usage;

namespace LlmGateway.Protocols.OpenAI;

internal sealed partial class OpenAIStreamDecoder
{
    /// <summary>
    /// Reads one chunk into <see cref="_chunk"/> and <see cref="_toolDeltas"/> in one forward pass, before any event
    /// is emitted (so a malformed chunk emits nothing). Only the first choice counts; id and model are read only
    /// until the response has started.
    /// </summary>
    private void Read(ReadOnlySpan<byte> data)
    {
        _chunk = default;
        _toolDeltas.Clear();
        var reader = new Utf8JsonReader(data);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A chunk must be a JSON object.");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("choices"u8))
            {
                reader.Read();
                ReadChoices(ref reader);
            }
            else if (!_started && reader.ValueTextEquals("id"u8))
            {
                _chunk.Id = OpenAIChatCodec.ReadOptionalString(ref reader);
            }
            else if (!_started && reader.ValueTextEquals("model"u8))
            {
                _chunk.Model = OpenAIChatCodec.ReadOptionalString(ref reader);
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    _chunk.Usage = OpenAIChatCodec.ReadUsage(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.Null)
                {
                    _chunk.Error = OpenAIChatCodec.ReadError(ref reader);
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private void ReadChoices(ref Utf8JsonReader reader)
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
                if (reader.ValueTextEquals("delta"u8))
                {
                    reader.Read();
                    ReadDelta(ref reader);
                }
                else if (reader.ValueTextEquals("finish_reason"u8))
                {
                    _chunk.FinishReason = OpenAIChatCodec.ReadFinishReason(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
    }

    /// <summary>
    /// <c>reasoning_content</c> (DeepSeek, vLLM) or <c>reasoning</c> (OpenRouter, Ollama, newer vLLM; ignored
    /// when both come), <c>content</c> (or a <c>refusal</c>), <c>tool_calls</c>. Empty strings are nothing.
    /// </summary>
    private void ReadDelta(ref Utf8JsonReader reader)
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
                _chunk.Text = NonEmpty(OpenAIChatCodec.ReadOptionalString(ref reader));
            }
            else if (reader.ValueTextEquals("reasoning_content"u8))
            {
                reasoningContent = NonEmpty(OpenAIChatCodec.ReadOptionalString(ref reader));
            }
            else if (reader.ValueTextEquals("reasoning"u8))
            {
                reasoning = NonEmpty(OpenAIChatCodec.ReadOptionalString(ref reader));
            }
            else if (reader.ValueTextEquals("refusal"u8))
            {
                refusal = NonEmpty(OpenAIChatCodec.ReadOptionalString(ref reader));
            }
            else if (reader.ValueTextEquals("tool_calls"u8))
            {
                reader.Read();
                ReadToolCalls(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        _chunk.Reasoning = reasoningContent ?? reasoning;
        _chunk.Text ??= refusal;
    }

    private void ReadToolCalls(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            int? index = null;
            string? id = null, name = null, arguments = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("index"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value))
                    {
                        index = value;
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
                else if (reader.ValueTextEquals("id"u8))
                {
                    id = NonEmpty(OpenAIChatCodec.ReadOptionalString(ref reader));
                }
                else if (reader.ValueTextEquals("function"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        reader.Skip();
                        continue;
                    }

                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        if (reader.ValueTextEquals("name"u8))
                        {
                            name = NonEmpty(OpenAIChatCodec.ReadOptionalString(ref reader));
                        }
                        else if (reader.ValueTextEquals("arguments"u8))
                        {
                            arguments = OpenAIChatCodec.ReadOptionalString(ref reader);
                        }
                        else
                        {
                            reader.Read();
                            reader.Skip();
                        }
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            _toolDeltas.Add(new ToolCallDelta(index, id, name, arguments));
        }
    }

    private static string? NonEmpty(string? value) => value is { Length: > 0 } ? value : null;

    /// <summary>What one chunk said, gathered before its events are emitted.</summary>
    private struct Chunk
    {
        public string? Id;
        public string? Model;
        public string? Reasoning;
        public string? Text;
        public StopReason? FinishReason;
        public TokenUsage? Usage;
        public GatewayError? Error;
    }

    /// <summary>One entry of <c>delta.tool_calls</c>.</summary>
    private readonly record struct ToolCallDelta(int? Index, string? Id, string? Name, string? Arguments);
}
