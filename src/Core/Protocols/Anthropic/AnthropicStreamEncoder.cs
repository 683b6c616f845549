using System.Buffers;
using System.Net.ServerSentEvents;
using System.Text.Json;
using LlmGateway.Http;
using LlmGateway.Json;
using LlmGateway.Translation;
using LlmGateway.Usage;

namespace LlmGateway.Protocols.Anthropic;

/// <summary>
/// Hub events → Anthropic SSE for a client: every event carries <c>event: &lt;type&gt;</c> and the same JSON
/// <c>type</c> (the Python SDK dispatches on the event name). Blocks are numbered 0, 1, 2... by this encoder and
/// never interleave: a delta of another kind than the open block closes it and opens one of its kind; tool
/// arguments for a call that is not the open block cannot be placed and end the stream with an <c>error</c> event.
/// </summary>
/// <param name="estimatedInputTokens">For <c>message_start</c>, before the upstream's count is known.</param>
internal sealed class AnthropicStreamEncoder(long estimatedInputTokens) : IStreamEncoder
{
    private static readonly ReadOnlyMemory<byte> Ping = """{"type":"ping"}"""u8.ToArray();
    private readonly ArrayBufferWriter<byte> _buffer = new(256);
    private Utf8JsonWriter? _writer;
    private bool _started;
    private bool _ended;
    private TokenUsage? _usage;

    /// <summary>The client index of the open block, -1 when none.</summary>
    private int _openIndex = -1;
    private int _openHubIndex;
    private BlockKind _openKind;
    private int _nextIndex;

    public void Encode(StreamEvent streamEvent, List<SseItem<ReadOnlyMemory<byte>>> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (_ended)
        {
            return;
        }

        switch (streamEvent)
        {
            case ResponseStarted started:
                Start(started.Id, started.Model, output);
                break;
            case BlockStarted { Kind: BlockKind.Text }:
                // Opened by its first non-empty delta: Anthropic never sends (and rejects) empty text blocks, and
                // some upstreams (Gemini's signature-only parts) produce them.
                EnsureStarted(output);
                break;
            case BlockStarted block:
                EnsureStarted(output);
                OpenBlock(block.Index, block.Kind, block.ToolCallId, block.ToolName, block.RedactedData, output);
                break;
            case TextDelta { Text.Length: 0 }:
                break;
            case TextDelta text:
                EnsureBlock(text.Index, BlockKind.Text, output);
                WriteDelta(output, "text_delta"u8, "text"u8, text.Text);
                break;
            case ReasoningDelta reasoning:
                EnsureBlock(reasoning.Index, BlockKind.Reasoning, output);
                WriteDelta(output, "thinking_delta"u8, "thinking"u8, reasoning.Text);
                break;
            case SignatureDelta signature:
                EnsureBlock(signature.Index, BlockKind.Reasoning, output);
                WriteDelta(output, "signature_delta"u8, "signature"u8, signature.Signature);
                break;
            case ToolArgumentsDelta arguments:
                if (_openIndex < 0 || _openKind != BlockKind.ToolCall || _openHubIndex != arguments.Index)
                {
                    Fail(output, new GatewayError(502, "upstream_tool_calls_interleaved",
                        "The upstream interleaved the arguments of several tool calls, which an Anthropic stream cannot carry."));
                    break;
                }

                WriteDelta(output, "input_json_delta"u8, "partial_json"u8, arguments.Json);
                break;
            case BlockStopped stopped:
                if (_openIndex >= 0 && _openHubIndex == stopped.Index)
                {
                    CloseBlock(output);
                }

                break;
            case UsageReported usage:
                _usage = usage.Usage;
                break;
            case ResponseFinished finished:
                EnsureStarted(output);
                Finish(finished, output);
                break;
            case StreamFailed failed:
                Fail(output, failed.Error);
                break;
        }
    }

    public void Complete(List<SseItem<ReadOnlyMemory<byte>>> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!_ended)
        {
            Fail(output, new GatewayError(502, "upstream_stream_truncated", "upstream ended the stream early"));
        }
    }

    private void Start(string id, string model, List<SseItem<ReadOnlyMemory<byte>>> output)
    {
        if (_started)
        {
            return;
        }

        _started = true;
        var writer = Begin("message_start"u8);
        writer.WriteStartObject("message"u8);
        writer.WriteString("id"u8, AnthropicCodec.MessageId(id));
        writer.WriteString("type"u8, "message"u8);
        writer.WriteString("role"u8, "assistant"u8);
        writer.WriteString("model"u8, model);
        writer.WriteStartArray("content"u8);
        writer.WriteEndArray();
        writer.WriteNull("stop_reason"u8);
        writer.WriteNull("stop_sequence"u8);
        writer.WriteStartObject("usage"u8);
        writer.WriteNumber("input_tokens"u8, estimatedInputTokens);
        writer.WriteNumber("output_tokens"u8, 0);
        writer.WriteEndObject();
        writer.WriteEndObject();
        End(output, "message_start");
        output.Add(new SseItem<ReadOnlyMemory<byte>>(Ping, "ping"));
    }

    /// <summary>A hub stream that skipped <see cref="ResponseStarted"/> still gets a <c>message_start</c>.</summary>
    private void EnsureStarted(List<SseItem<ReadOnlyMemory<byte>>> output)
    {
        if (!_started)
        {
            Start("", "", output);
        }
    }

    private void EnsureBlock(int hubIndex, BlockKind kind, List<SseItem<ReadOnlyMemory<byte>>> output)
    {
        EnsureStarted(output);
        if (_openIndex < 0 || _openKind != kind)
        {
            OpenBlock(hubIndex, kind, null, null, null, output);
        }
    }

    private void OpenBlock(int hubIndex, BlockKind kind, string? toolCallId, string? toolName, string? redactedData, List<SseItem<ReadOnlyMemory<byte>>> output)
    {
        if (_openIndex >= 0)
        {
            CloseBlock(output);
        }

        _openIndex = _nextIndex++;
        _openHubIndex = hubIndex;
        _openKind = kind;
        var writer = Begin("content_block_start"u8);
        writer.WriteNumber("index"u8, _openIndex);
        writer.WriteStartObject("content_block"u8);
        switch (kind)
        {
            case BlockKind.Reasoning:
                // As Anthropic starts one: the signature arrives as a signature_delta before the block stops.
                writer.WriteString("type"u8, "thinking"u8);
                writer.WriteString("thinking"u8, ""u8);
                writer.WriteString("signature"u8, ""u8);
                break;
            case BlockKind.RedactedReasoning:
                writer.WriteString("type"u8, "redacted_thinking"u8);
                writer.WriteString("data"u8, redactedData ?? "");
                break;
            case BlockKind.ToolCall:
                writer.WriteString("type"u8, "tool_use"u8);
                writer.WriteString("id"u8, toolCallId ?? "");
                writer.WriteString("name"u8, toolName ?? "");
                writer.WriteStartObject("input"u8);
                writer.WriteEndObject();
                break;
            default:
                writer.WriteString("type"u8, "text"u8);
                writer.WriteString("text"u8, ""u8);
                break;
        }

        writer.WriteEndObject();
        End(output, "content_block_start");
    }

    private void WriteDelta(List<SseItem<ReadOnlyMemory<byte>>> output, ReadOnlySpan<byte> deltaType, ReadOnlySpan<byte> member, string value)
    {
        var writer = Begin("content_block_delta"u8);
        writer.WriteNumber("index"u8, _openIndex);
        writer.WriteStartObject("delta"u8);
        writer.WriteString("type"u8, deltaType);
        writer.WriteString(member, value);
        writer.WriteEndObject();
        End(output, "content_block_delta");
    }

    private void CloseBlock(List<SseItem<ReadOnlyMemory<byte>>> output)
    {
        var writer = Begin("content_block_stop"u8);
        writer.WriteNumber("index"u8, _openIndex);
        End(output, "content_block_stop");
        _openIndex = -1;
    }

    private void Finish(ResponseFinished finished, List<SseItem<ReadOnlyMemory<byte>>> output)
    {
        if (_openIndex >= 0)
        {
            CloseBlock(output);
        }

        var writer = Begin("message_delta"u8);
        writer.WriteStartObject("delta"u8);
        writer.WriteString("stop_reason"u8, AnthropicCodec.StopReasonName(finished.Reason));
        if (finished.Reason == StopReason.StopSequence && finished.StopSequence is { } sequence)
        {
            writer.WriteString("stop_sequence"u8, sequence);
        }
        else
        {
            writer.WriteNull("stop_sequence"u8);
        }

        writer.WriteEndObject();
        AnthropicUsage.Write(writer, _usage ?? new TokenUsage(estimatedInputTokens, 0, 0, 0));
        End(output, "message_delta");

        Begin("message_stop"u8);
        End(output, "message_stop");
        _ended = true;
    }

    private void Fail(List<SseItem<ReadOnlyMemory<byte>>> output, GatewayError error)
    {
        output.Add(new SseItem<ReadOnlyMemory<byte>>(AnthropicErrors.Serialize(error), "error"));
        _ended = true;
    }

    /// <summary>Starts an event's JSON object with its <c>type</c>; <see cref="End"/> finishes and adds it.</summary>
    private Utf8JsonWriter Begin(ReadOnlySpan<byte> type)
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
        _writer.WriteString("type"u8, type);
        return _writer;
    }

    private void End(List<SseItem<ReadOnlyMemory<byte>>> output, string eventType)
    {
        _writer!.WriteEndObject();
        _writer.Flush();
        output.Add(new SseItem<ReadOnlyMemory<byte>>(_buffer.WrittenSpan.ToArray(), eventType));
    }
}
