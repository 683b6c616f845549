using System.Buffers;
using System.Net.ServerSentEvents;
using System.Text.Json;
using LlmGateway.Http;
using LlmGateway.Json;
using LlmGateway.Translation;
using LlmGateway.Usage;

namespace LlmGateway.Protocols.OpenAI.Completions;

/// <summary>
/// Hub events → a legacy Completions stream: data frames only, one <c>text_completion</c> chunk per text delta
/// (<c>choices[{text, index: 0, logprobs: null, finish_reason: null}]</c>), then a chunk with empty text and the
/// finish reason; with <paramref name="includeUsage"/> every chunk carries <c>usage: null</c> and a
/// <c>choices: []</c> chunk with the usage follows. Ends with <c>[DONE]</c>, after an in-band error if the response
/// did not finish. Reasoning and tool calls have no place in a completion and are left out.
/// </summary>
internal sealed class CompletionsStreamEncoder(bool includeUsage, long created) : IStreamEncoder
{
    private readonly ArrayBufferWriter<byte> _buffer = new(256);
    private Utf8JsonWriter? _writer;
    private JsonEncodedText _id = JsonEncodedText.Encode(string.Empty);
    private JsonEncodedText _model = JsonEncodedText.Encode(string.Empty);
    private TokenUsage _usage;
    private bool _ended;
    private bool _completed;

    public void Encode(StreamEvent streamEvent, List<SseItem<ReadOnlyMemory<byte>>> output)
    {
        ArgumentNullException.ThrowIfNull(streamEvent);
        ArgumentNullException.ThrowIfNull(output);
        if (_ended)
        {
            return;
        }

        switch (streamEvent)
        {
            case ResponseStarted started:
                _id = JsonEncodedText.Encode(started.Id, JsonDefaults.Writer.Encoder);
                _model = JsonEncodedText.Encode(started.Model, JsonDefaults.Writer.Encoder);
                break;
            case TextDelta { Text.Length: > 0 } text:
                WriteChunk(output, text.Text, finishReason: default);
                break;
            case UsageReported usage:
                _usage = usage.Usage;
                break;
            case ResponseFinished finished:
                WriteChunk(output, string.Empty, CompletionsCodec.FinishReasonFor(finished.Reason));
                if (includeUsage)
                {
                    var writer = Begin();
                    writer.WriteStartArray("choices"u8);
                    writer.WriteEndArray();
                    OpenAIChatCodec.WriteUsage(writer, _usage);
                    End(output);
                }

                _ended = true;
                break;
            case StreamFailed failed:
                OpenAIStreamEnd.Fail(failed.Error, output);
                _ended = true;
                break;
        }
    }

    public void Complete(List<SseItem<ReadOnlyMemory<byte>>> output)
    {
        if (_completed)
        {
            return;
        }

        OpenAIStreamEnd.Complete(_ended, output);
        _ended = _completed = true;
    }

    private void WriteChunk(List<SseItem<ReadOnlyMemory<byte>>> output, string text, ReadOnlySpan<byte> finishReason)
    {
        var writer = Begin();
        writer.WriteStartArray("choices"u8);
        writer.WriteStartObject();
        writer.WriteString("text"u8, text);
        writer.WriteNumber("index"u8, 0);
        writer.WriteNull("logprobs"u8);
        if (finishReason.IsEmpty)
        {
            writer.WriteNull("finish_reason"u8);
        }
        else
        {
            writer.WriteString("finish_reason"u8, finishReason);
        }

        writer.WriteEndObject();
        writer.WriteEndArray();
        if (includeUsage)
        {
            writer.WriteNull("usage"u8);
        }

        End(output);
    }

    private Utf8JsonWriter Begin()
    {
        _buffer.ResetWrittenCount();
        if (_writer is null)
        {
            _writer = new Utf8JsonWriter(_buffer, JsonDefaults.Writer);
        }
        else
        {
            _writer.Reset(_buffer);
        }

        _writer.WriteStartObject();
        _writer.WriteString("id"u8, _id);
        _writer.WriteString("object"u8, "text_completion"u8);
        _writer.WriteNumber("created"u8, created);
        _writer.WriteString("model"u8, _model);
        return _writer;
    }

    private void End(List<SseItem<ReadOnlyMemory<byte>>> output)
    {
        _writer!.WriteEndObject();
        _writer.Flush();
        output.Add(new SseItem<ReadOnlyMemory<byte>>(_buffer.WrittenSpan.ToArray()));
    }
}
