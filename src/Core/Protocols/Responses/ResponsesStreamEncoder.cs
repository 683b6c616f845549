using System.Buffers;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using LlmGateway.Http;
using LlmGateway.Json;
using LlmGateway.Translation;
using LlmGateway.Usage;

namespace LlmGateway.Protocols.Responses;

/// <summary>
/// Hub events → a client's Responses stream (PROTOCOLS.md §4), every event with <c>event: &lt;type&gt;</c> equal to its
/// JSON <c>type</c> and a <c>sequence_number</c> rising by one from 0: <c>response.created</c>,
/// <c>response.in_progress</c>, then per hub block one output item — text: <c>output_item.added</c>,
/// <c>content_part.added</c>, <c>output_text.delta</c>*, <c>output_text.done</c>, <c>content_part.done</c>; tool call:
/// <c>function_call_arguments.delta</c>*, <c>...done</c>; reasoning: <c>reasoning_summary_part.added</c>,
/// <c>reasoning_summary_text.delta</c>*, <c>...done</c>, <c>reasoning_summary_part.done</c> — closed by
/// <c>output_item.done</c> with the complete item; last <c>response.completed</c> with every item and usage (also
/// when the model stopped at its token limit: status <c>incomplete</c>, as Codex treats <c>response.incomplete</c>
/// as a failure) or <c>response.failed</c>. Text items open on their first non-empty delta (no empty messages).
/// Signed reasoning goes out sealed in <c>encrypted_content</c> (<see cref="ReasoningEnvelope"/>): on a hub stream a
/// signature or redacted block is Anthropic's and a block's thought signature Gemini's (a Responses upstream is relayed).
/// </summary>
/// <param name="created">The response's <c>created_at</c> (the gateway's clock).</param>
/// <param name="estimatedInputTokens">Input tokens in <c>response.completed</c> when the upstream reported no usage.</param>
internal sealed partial class ResponsesStreamEncoder(long created, long estimatedInputTokens) : IStreamEncoder
{
    private readonly ArrayBufferWriter<byte> _buffer = new(256);
    private readonly ArrayBufferWriter<byte> _itemBuffer = new(256);
    private readonly List<byte[]> _done = [];
    private readonly StringBuilder _text = new();
    private readonly StringBuilder _signature = new();
    private Utf8JsonWriter? _writer;
    private Utf8JsonWriter? _itemWriter;
    private int _sequence;
    private bool _started;
    private bool _ended;
    private string _id = "";
    private string _model = "";
    private TokenUsage? _usage;

    /// <summary>The open output item, if any: its kind, hub block index, output index and id.</summary>
    private ItemKind _open;
    private int _openHubIndex;
    private int _outputIndex = -1;
    private string _itemId = "";
    private string _callId = "";
    private string _toolName = "";
    private bool _summaryOpen;
    private string? _redactedData;
    private string? _thoughtSignature;

    /// <summary>A text block announced but not yet opened as a message (it opens on its first non-empty delta).</summary>
    private int _pendingTextIndex = -1;

    private enum ItemKind
    {
        None,
        Message,
        Reasoning,
        FunctionCall,
    }

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
            case BlockStarted { Kind: BlockKind.Text } block:
                EnsureStarted(output);
                Close(output);
                _pendingTextIndex = block.Index;
                break;
            case BlockStarted block:
                EnsureStarted(output);
                Open(block, output);
                break;
            case TextDelta { Text.Length: 0 }:
                break;
            case TextDelta text:
                EnsureStarted(output);
                if (_open != ItemKind.Message || _openHubIndex != text.Index)
                {
                    OpenMessage(text.Index, output);
                }

                _text.Append(text.Text);
                WriteDelta(output, "response.output_text.delta", text.Text, content: true);
                break;
            case ReasoningDelta { Text.Length: 0 }:
                break;
            case ReasoningDelta reasoning:
                EnsureReasoning(reasoning.Index, output);
                if (!_summaryOpen)
                {
                    OpenSummary(output);
                }

                _text.Append(reasoning.Text);
                WriteDelta(output, "response.reasoning_summary_text.delta", reasoning.Text, content: false, summary: true);
                break;
            case SignatureDelta signature:
                EnsureReasoning(signature.Index, output);
                _signature.Append(signature.Signature);
                break;
            case ToolArgumentsDelta arguments:
                if (_open != ItemKind.FunctionCall || _openHubIndex != arguments.Index)
                {
                    Fail(output, new GatewayError(502, "upstream_tool_calls_interleaved",
                        "The upstream interleaved the arguments of several tool calls, which the gateway cannot re-order once streaming."));
                    break;
                }

                if (arguments.Json.Length > 0)
                {
                    _text.Append(arguments.Json);
                    WriteDelta(output, "response.function_call_arguments.delta", arguments.Json, content: false);
                }

                break;
            case BlockStopped stopped:
                if (_open != ItemKind.None && _openHubIndex == stopped.Index)
                {
                    Close(output);
                }

                if (_pendingTextIndex == stopped.Index)
                {
                    _pendingTextIndex = -1;
                }

                break;
            case UsageReported usage:
                _usage = usage.Usage;
                break;
            case ResponseFinished finished:
                EnsureStarted(output);
                Finish(finished.Reason, output);
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
            Fail(output, new GatewayError(502, "upstream_stream_truncated", "The upstream stream ended before the response finished."));
        }
    }

    private void Start(string id, string model, List<SseItem<ReadOnlyMemory<byte>>> output)
    {
        if (_started)
        {
            return;
        }

        _started = true;
        _id = ResponsesCodec.ResponseId(id);
        _model = model;
        foreach (var type in (ReadOnlySpan<string>)["response.created", "response.in_progress"])
        {
            var writer = Begin(type);
            writer.WriteStartObject("response"u8);
            ResponsesItems.WriteResponseHead(writer, _id, created, "in_progress", _model, null);
            writer.WriteStartArray("output"u8);
            writer.WriteEndArray();
            writer.WriteNull("usage"u8);
            writer.WriteEndObject();
            End(output, type);
        }
    }

    /// <summary>A hub stream that skipped <see cref="ResponseStarted"/> still gets <c>response.created</c>.</summary>
    private void EnsureStarted(List<SseItem<ReadOnlyMemory<byte>>> output)
    {
        if (!_started)
        {
            Start("", "", output);
        }
    }

    private void Finish(StopReason reason, List<SseItem<ReadOnlyMemory<byte>>> output)
    {
        Close(output);
        var incomplete = ResponsesCodec.IncompleteReason(reason);
        var writer = Begin("response.completed");
        writer.WriteStartObject("response"u8);
        ResponsesItems.WriteResponseHead(writer, _id, created, incomplete is null ? "completed" : "incomplete", _model, incomplete);
        writer.WriteStartArray("output"u8);
        foreach (var item in _done)
        {
            writer.WriteRawValue(item, skipInputValidation: true);
        }

        writer.WriteEndArray();
        ResponsesItems.WriteUsage(writer, _usage ?? new TokenUsage(estimatedInputTokens, 0, 0, 0));
        writer.WriteEndObject();
        End(output, "response.completed");
        _ended = true;
    }

    /// <summary><c>response.failed</c> with the items completed so far; an open item stays unfinished (it is not in the output).</summary>
    private void Fail(List<SseItem<ReadOnlyMemory<byte>>> output, GatewayError error)
    {
        EnsureStarted(output);
        output.Add(ResponsesErrors.FailedEvent(_sequence++, _id, created, _model, error, _done));
        _ended = true;
    }

    /// <summary>Starts an event's JSON object with its <c>type</c> and <c>sequence_number</c>; <see cref="End"/> finishes and adds it.</summary>
    private Utf8JsonWriter Begin(string type)
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
        _writer.WriteNumber("sequence_number"u8, _sequence++);
        return _writer;
    }

    private void End(List<SseItem<ReadOnlyMemory<byte>>> output, string type)
    {
        _writer!.WriteEndObject();
        _writer.Flush();
        output.Add(new SseItem<ReadOnlyMemory<byte>>(_buffer.WrittenSpan.ToArray(), type));
    }
}
