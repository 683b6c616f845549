using System.Buffers;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using LlmGateway.Http;
using LlmGateway.Json;
using LlmGateway.Translation;
using LlmGateway.Usage;

namespace LlmGateway.Protocols.Gemini;

/// <summary>
/// Hub events → a Gemini client's stream: data frames only (no <c>event:</c> line), each one whole
/// GenerateContentResponse with one part — a text delta, a thought delta (<c>thought: true</c>), or a complete
/// function call once its block stops (arguments buffered; they must form an object). As Google does, the finish
/// reason and usage ride on the last part's chunk: each part is held back until the next one arrives (older Gemini
/// CLIs drop a final chunk without content). A block's <see cref="BlockStarted.ThoughtSignature"/> goes on its first
/// part; other providers' signatures and redacted reasoning are not sent. A failure is a frame with Google's error
/// object. The stream simply ends after the finish (there is no terminal event); <see cref="ToJsonArray"/> gives the
/// JSON-array form Google returns without <c>alt=sse</c>.
/// </summary>
internal sealed class GeminiStreamEncoder : IStreamEncoder
{
    private readonly ArrayBufferWriter<byte> _buffer = new(256);
    private readonly StringBuilder _arguments = new();
    private Utf8JsonWriter? _writer;
    private JsonEncodedText _id = JsonEncodedText.Encode("");
    private JsonEncodedText _model = JsonEncodedText.Encode("");
    private TokenUsage _usage;
    private bool _ended;

    /// <summary>The open hub block: its index (-1 when none), kind, and a signature not yet sent.</summary>
    private int _block = -1;
    private BlockKind _blockKind;
    private string? _blockSignature;
    private string? _toolId;
    private string? _toolName;

    private GeminiChunk.Part _pending;
    private bool _hasPending;

    /// <summary>
    /// The chunks of a stream as the JSON array Google answers <c>streamGenerateContent</c> with when <c>alt=sse</c>
    /// is not asked for: <c>[chunk,\r\nchunk]</c>. For writing incrementally: <see cref="ArrayStart"/>, chunks
    /// separated by <see cref="ArraySeparator"/>, <see cref="ArrayEnd"/>.
    /// </summary>
    public static byte[] ToJsonArray(IReadOnlyList<ReadOnlyMemory<byte>> chunks)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        var length = ArrayStart.Length + ArrayEnd.Length + (Math.Max(0, chunks.Count - 1) * ArraySeparator.Length);
        foreach (var chunk in chunks)
        {
            length += chunk.Length;
        }

        var result = new byte[length];
        var span = result.AsSpan();
        ArrayStart.CopyTo(span);
        var position = ArrayStart.Length;
        for (var i = 0; i < chunks.Count; i++)
        {
            if (i > 0)
            {
                ArraySeparator.CopyTo(span[position..]);
                position += ArraySeparator.Length;
            }

            chunks[i].Span.CopyTo(span[position..]);
            position += chunks[i].Length;
        }

        ArrayEnd.CopyTo(span[position..]);
        return result;
    }

    public static ReadOnlySpan<byte> ArrayStart => "["u8;

    public static ReadOnlySpan<byte> ArraySeparator => ",\r\n"u8;

    public static ReadOnlySpan<byte> ArrayEnd => "]"u8;

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
            case BlockStarted block:
                StopToolCall(output);
                _block = block.Index;
                _blockKind = block.Kind;
                _blockSignature = block.ThoughtSignature;
                _toolId = block.ToolCallId;
                _toolName = block.ToolName;
                _arguments.Clear();
                break;
            case TextDelta { Text.Length: > 0 } text:
                Push(GeminiChunk.PartKind.Text, text.Text, TakeSignature(text.Index), output);
                break;
            case ReasoningDelta { Text.Length: > 0 } reasoning:
                Push(GeminiChunk.PartKind.Thought, reasoning.Text, TakeSignature(reasoning.Index), output);
                break;
            case ToolArgumentsDelta arguments when arguments.Index == _block && _blockKind == BlockKind.ToolCall:
                _arguments.Append(arguments.Json);
                break;
            case BlockStopped stopped when stopped.Index == _block:
                StopBlock(output);
                break;
            case UsageReported usage:
                _usage = usage.Usage;
                break;
            case ResponseFinished finished:
                StopBlock(output);
                if (!_ended)
                {
                    WriteChunk(_hasPending, GeminiCodec.FinishReasonName(finished.Reason), output);
                    _hasPending = false;
                    _ended = true;
                }

                break;
            case StreamFailed failed:
                Fail(failed.Error, output);
                break;
        }
    }

    /// <summary>Nothing after a finish or a failure; a stream that just stopped gets an error frame.</summary>
    public void Complete(List<SseItem<ReadOnlyMemory<byte>>> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!_ended)
        {
            Fail(new GatewayError(502, "upstream_stream_truncated", "The upstream stream ended before the response finished."), output);
        }
    }

    private string? TakeSignature(int index)
    {
        if (index != _block)
        {
            return null;
        }

        var signature = _blockSignature;
        _blockSignature = null;
        return signature;
    }

    /// <summary>A function call whose block is still open when another starts (a malformed hub stream) is sent as it stands.</summary>
    private void StopToolCall(List<SseItem<ReadOnlyMemory<byte>>> output)
    {
        if (_block >= 0 && _blockKind == BlockKind.ToolCall)
        {
            StopBlock(output);
        }
    }

    private void StopBlock(List<SseItem<ReadOnlyMemory<byte>>> output)
    {
        if (_block < 0)
        {
            return;
        }

        if (_blockKind == BlockKind.ToolCall)
        {
            var arguments = _arguments.ToString();
            if (!IsObject(arguments))
            {
                Fail(GeminiCodec.InvalidToolArguments(_toolName ?? ""), output);
                return;
            }

            Push(new GeminiChunk.Part
            {
                Kind = GeminiChunk.PartKind.FunctionCall,
                CallId = _toolId ?? "",
                Name = _toolName ?? "",
                Arguments = arguments,
                Signature = _blockSignature,
            }, output);
        }
        else if (_blockSignature is not null && _blockKind is BlockKind.Text or BlockKind.Reasoning)
        {
            // A signed block that carried no text (Gemini 3 may end a turn with a signature alone).
            Push(_blockKind == BlockKind.Reasoning ? GeminiChunk.PartKind.Thought : GeminiChunk.PartKind.Text, "", _blockSignature, output);
        }

        _block = -1;
        _blockSignature = null;
    }

    private void Push(GeminiChunk.PartKind kind, string text, string? signature, List<SseItem<ReadOnlyMemory<byte>>> output) =>
        Push(new GeminiChunk.Part { Kind = kind, Text = text, Signature = signature }, output);

    /// <summary>Sends the part held back, and holds this one.</summary>
    private void Push(in GeminiChunk.Part part, List<SseItem<ReadOnlyMemory<byte>>> output)
    {
        if (_hasPending)
        {
            WriteChunk(withPart: true, finishReason: default, output);
        }

        _pending = part;
        _hasPending = true;
    }

    /// <summary>
    /// <c>{"candidates":[{"content":{"parts":[part],"role":"model"},"finishReason"?,"index":0}],"usageMetadata"?,
    /// "modelVersion","responseId"}</c>; the finish reason (when not empty) brings the usage along.
    /// </summary>
    private void WriteChunk(bool withPart, ReadOnlySpan<byte> finishReason, List<SseItem<ReadOnlyMemory<byte>>> output)
    {
        var writer = Reset();
        writer.WriteStartObject();
        writer.WriteStartArray("candidates"u8);
        writer.WriteStartObject();
        if (withPart)
        {
            writer.WriteStartObject("content"u8);
            writer.WriteStartArray("parts"u8);
            ref readonly var part = ref _pending;
            if (part.Kind == GeminiChunk.PartKind.FunctionCall)
            {
                GeminiCodec.TryWriteFunctionCallPart(writer, part.CallId!, part.Name!, part.Arguments!, part.Signature);
            }
            else
            {
                GeminiCodec.WriteTextPart(writer, part.Text!, part.Kind == GeminiChunk.PartKind.Thought, part.Signature);
            }

            writer.WriteEndArray();
            writer.WriteString("role"u8, "model"u8);
            writer.WriteEndObject();
            _pending = default;
        }

        if (!finishReason.IsEmpty)
        {
            writer.WriteString("finishReason"u8, finishReason);
        }

        writer.WriteNumber("index"u8, 0);
        writer.WriteEndObject();
        writer.WriteEndArray();
        if (!finishReason.IsEmpty)
        {
            GeminiUsage.Write(writer, _usage);
        }

        writer.WriteString("modelVersion"u8, _model);
        writer.WriteString("responseId"u8, _id);
        writer.WriteEndObject();
        writer.Flush();
        output.Add(new SseItem<ReadOnlyMemory<byte>>(_buffer.WrittenSpan.ToArray()));
    }

    private void Fail(GatewayError error, List<SseItem<ReadOnlyMemory<byte>>> output)
    {
        if (_hasPending)
        {
            WriteChunk(withPart: true, finishReason: default, output);
            _hasPending = false;
        }

        output.Add(new SseItem<ReadOnlyMemory<byte>>(GeminiErrors.Serialize(error)));
        _ended = true;
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

    private static bool IsObject(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return true;
        }

        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(json.Length));
        try
        {
            return JsonObjects.IsSingleObject(rented.AsSpan(0, Encoding.UTF8.GetBytes(json, rented)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
