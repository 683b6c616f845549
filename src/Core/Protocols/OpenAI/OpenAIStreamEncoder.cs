using System.Buffers;
using System.Net.ServerSentEvents;
using System.Text.Json;
using LlmGateway.Http;
using LlmGateway.Json;
using LlmGateway.Translation;
using LlmGateway.Usage;

namespace LlmGateway.Protocols.OpenAI;

/// <summary>
/// Hub events → a client's <c>chat.completion.chunk</c> stream (data frames only, no <c>event:</c> lines). Every
/// chunk has the response's id and model; the first says <c>role: assistant</c>; tool calls are numbered from 0.
/// Signed (Anthropic) reasoning is sent once complete as <c>delta.thinking_blocks</c> (LiteLLM's convention), so a
/// client can send it back on its next tool-use turn, which Anthropic requires; plain SDKs ignore the field. With
/// <paramref name="includeUsage"/> every chunk carries <c>usage: null</c> and one <c>choices: []</c> chunk with the
/// usage follows the finish chunk. Ends with <c>[DONE]</c>, after an in-band error if the response did not finish.
/// </summary>
internal sealed class OpenAIStreamEncoder(bool includeUsage, long created) : IStreamEncoder
{
    private readonly ArrayBufferWriter<byte> _buffer = new(256);
    private Utf8JsonWriter? _writer;
    private JsonEncodedText _id = JsonEncodedText.Encode(string.Empty);
    private JsonEncodedText _model = JsonEncodedText.Encode(string.Empty);
    private int _toolCalls;
    private int _toolBlock = -1;
    private readonly System.Text.StringBuilder _reasoning = new();
    private int _reasoningBlock = -1;
    private string? _signature;
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
                var first = BeginChunk();
                first.WriteString("role"u8, "assistant"u8);
                first.WriteString("content"u8, string.Empty);
                EndChunk(output, finishReason: default);
                break;
            case TextDelta { Text.Length: > 0 } text:
                BeginChunk().WriteString("content"u8, text.Text);
                EndChunk(output, finishReason: default);
                break;
            case ReasoningDelta { Text.Length: > 0 } reasoning:
                if (reasoning.Index == _reasoningBlock)
                {
                    _reasoning.Append(reasoning.Text);
                }

                BeginChunk().WriteString("reasoning_content"u8, reasoning.Text);
                EndChunk(output, finishReason: default);
                break;
            case BlockStarted { Kind: BlockKind.Reasoning } block:
                _reasoningBlock = block.Index;
                _reasoning.Clear();
                _signature = null;
                break;
            case SignatureDelta signature when signature.Index == _reasoningBlock:
                _signature += signature.Signature;
                break;
            case BlockStopped stopped when stopped.Index == _reasoningBlock:
                _reasoningBlock = -1;
                if (!string.IsNullOrEmpty(_signature))
                {
                    WriteThinkingBlock(output, "thinking", _reasoning.ToString(), _signature);
                }

                break;
            case BlockStarted { Kind: BlockKind.RedactedReasoning, RedactedData: { Length: > 0 } data }:
                WriteThinkingBlock(output, "redacted_thinking", null, data);
                break;
            case BlockStarted { Kind: BlockKind.ToolCall } block:
                _toolBlock = block.Index;
                var call = BeginToolCall(_toolCalls++);
                call.WriteString("id"u8, block.ToolCallId);
                call.WriteString("type"u8, "function"u8);
                call.WriteStartObject("function"u8);
                call.WriteString("name"u8, block.ToolName);
                call.WriteString("arguments"u8, string.Empty);
                call.WriteEndObject();
                OpenAIChatCodec.WriteThoughtSignature(call, block.ThoughtSignature);
                EndToolCall(output, functionOpen: false);
                break;
            case ToolArgumentsDelta { Json.Length: > 0 } arguments when arguments.Index == _toolBlock:
                var fragment = BeginToolCall(_toolCalls - 1);
                fragment.WriteStartObject("function"u8);
                fragment.WriteString("arguments"u8, arguments.Json);
                EndToolCall(output);
                break;
            case UsageReported usage:
                _usage = usage.Usage;
                break;
            case ResponseFinished finished:
                BeginChunk();
                EndChunk(output, OpenAIChatCodec.FinishReasonFor(finished.Reason));
                if (includeUsage)
                {
                    WriteUsageChunk(output);
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

    /// <summary>A chunk whose delta holds one complete thinking block: <c>{type, thinking, signature}</c> or <c>{type, data}</c>.</summary>
    private void WriteThinkingBlock(List<SseItem<ReadOnlyMemory<byte>>> output, string type, string? thinking, string secret)
    {
        var writer = BeginChunk();
        writer.WriteStartArray("thinking_blocks"u8);
        writer.WriteStartObject();
        writer.WriteString("type"u8, type);
        if (thinking is null)
        {
            writer.WriteString("data"u8, secret);
        }
        else
        {
            writer.WriteString("thinking"u8, thinking);
            writer.WriteString("signature"u8, secret);
        }

        writer.WriteEndObject();
        writer.WriteEndArray();
        EndChunk(output, finishReason: default);
    }

    private Utf8JsonWriter Reset()
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

        return _writer;
    }

    private void WriteHeader(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("id"u8, _id);
        writer.WriteString("object"u8, "chat.completion.chunk"u8);
        writer.WriteNumber("created"u8, created);
        writer.WriteString("model"u8, _model);
    }

    /// <summary>Writes the chunk up to the inside of <c>choices[0].delta</c>.</summary>
    private Utf8JsonWriter BeginChunk()
    {
        var writer = Reset();
        WriteHeader(writer);
        writer.WriteStartArray("choices"u8);
        writer.WriteStartObject();
        writer.WriteNumber("index"u8, 0);
        writer.WriteStartObject("delta"u8);
        return writer;
    }

    /// <summary>Closes the delta and the chunk (an empty span is a null finish reason) and appends it.</summary>
    private void EndChunk(List<SseItem<ReadOnlyMemory<byte>>> output, ReadOnlySpan<byte> finishReason)
    {
        var writer = _writer!;
        writer.WriteEndObject();
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

        Append(output);
    }

    private Utf8JsonWriter BeginToolCall(int index)
    {
        var writer = BeginChunk();
        writer.WriteStartArray("tool_calls"u8);
        writer.WriteStartObject();
        writer.WriteNumber("index"u8, index);
        return writer;
    }

    /// <summary>Closes <c>function</c> (unless already closed), the tool call, <c>tool_calls</c> and the chunk.</summary>
    private void EndToolCall(List<SseItem<ReadOnlyMemory<byte>>> output, bool functionOpen = true)
    {
        var writer = _writer!;
        if (functionOpen)
        {
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndArray();
        EndChunk(output, finishReason: default);
    }

    private void WriteUsageChunk(List<SseItem<ReadOnlyMemory<byte>>> output)
    {
        var writer = Reset();
        WriteHeader(writer);
        writer.WriteStartArray("choices"u8);
        writer.WriteEndArray();
        OpenAIChatCodec.WriteUsage(writer, _usage);
        Append(output);
    }

    private void Append(List<SseItem<ReadOnlyMemory<byte>>> output)
    {
        var writer = _writer!;
        writer.WriteEndObject();
        writer.Flush();
        output.Add(new SseItem<ReadOnlyMemory<byte>>(_buffer.WrittenSpan.ToArray()));
    }
}
