using System.Text.Json;
using LlmGateway.Http;
using LlmGateway.Translation;

namespace LlmGateway.Protocols.OpenAI;

/// <summary>
/// An OpenAI-compatible upstream's <c>chat.completion.chunk</c> stream → hub events. The first chunk starts the
/// response; each change of kind (reasoning, text, a new tool call) closes the open block and opens the next.
/// A finish reason closes the block and is kept until <c>[DONE]</c> (usage usually comes in between, in a
/// <c>choices: []</c> chunk). Arguments of two tool calls interleaved cannot be re-ordered once sent: the stream
/// fails instead (<c>upstream_interleaved_tool_calls</c>).
/// </summary>
internal sealed partial class OpenAIStreamDecoder : IStreamDecoder
{
    private readonly List<ToolCallDelta> _toolDeltas = [];
    private readonly List<(int? Index, string Id)> _closedToolCalls = [];
    private Chunk _chunk;
    private bool _started;
    private bool _ended;
    private int _nextBlock;
    private int _openBlock = -1;
    private BlockKind _openKind;
    private int? _openToolIndex;
    private string? _openToolId;
    private StopReason? _finishReason;

    public bool Finished { get; private set; }

    public void Decode(string? eventType, ReadOnlySpan<byte> data, List<StreamEvent> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (_ended)
        {
            return;
        }

        data = data.Trim(" \t\r\n"u8);
        if (data.IsEmpty)
        {
            return;
        }

        if (data.SequenceEqual("[DONE]"u8))
        {
            Finish(output);
            return;
        }

        try
        {
            Read(data);
        }
        catch (JsonException)
        {
            Fail(output, new GatewayError(502, "upstream_invalid_chunk", "The upstream sent a stream chunk that is not valid JSON."));
            return;
        }

        Emit(output);
    }

    public void Complete(List<StreamEvent> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (_ended)
        {
            return;
        }

        if (_finishReason is not null)
        {
            Finish(output);
            return;
        }

        Fail(output, new GatewayError(502, "upstream_stream_truncated", "The upstream stream ended before the response finished."));
    }

    private void Emit(List<StreamEvent> output)
    {
        ref var chunk = ref _chunk;
        if (chunk.Error is { } error)
        {
            Fail(output, error);
            return;
        }

        var hasContent = chunk.Reasoning is not null || chunk.Text is not null || _toolDeltas.Count > 0
            || chunk.FinishReason is not null || chunk.Usage is not null;
        if (!_started)
        {
            // Azure sends a first chunk with an empty id and no choices (prompt filter results): wait for a real one.
            if (!hasContent && string.IsNullOrEmpty(chunk.Id))
            {
                return;
            }

            output.Add(new ResponseStarted(string.IsNullOrEmpty(chunk.Id) ? "chatcmpl-" + Guid.NewGuid().ToString("N") : chunk.Id, chunk.Model ?? string.Empty));
            _started = true;
        }

        if (chunk.Reasoning is { } reasoning)
        {
            Open(output, BlockKind.Reasoning);
            output.Add(new ReasoningDelta(_openBlock, reasoning));
        }

        if (chunk.Text is { } text)
        {
            Open(output, BlockKind.Text);
            output.Add(new TextDelta(_openBlock, text));
        }

        foreach (var delta in _toolDeltas)
        {
            if (!EmitToolCall(output, delta))
            {
                return;
            }
        }

        if (chunk.FinishReason is { } reason)
        {
            Close(output);
            // Not Finished yet: the usage chunk usually follows the finish reason, before [DONE].
            _finishReason = reason == StopReason.EndTurn && _closedToolCalls.Count > 0 ? StopReason.ToolUse : reason;
        }

        if (chunk.Usage is { } usage)
        {
            output.Add(new UsageReported(usage));
        }
    }

    /// <summary>
    /// A delta continues the open tool call unless it names another index or another id. A new id, or an index
    /// not seen before, starts a new call; a delta for a call already closed means the upstream interleaves.
    /// </summary>
    private bool EmitToolCall(List<StreamEvent> output, ToolCallDelta delta)
    {
        var continues = _openBlock >= 0 && _openKind == BlockKind.ToolCall
            && (delta.Index is null || delta.Index == _openToolIndex)
            && (delta.Id is null || delta.Id == _openToolId);
        if (!continues)
        {
            if (IsClosed(delta))
            {
                Fail(output, new GatewayError(502, "upstream_interleaved_tool_calls",
                    "The upstream interleaved the arguments of several tool calls, which cannot be relayed as separate tool calls."));
                return false;
            }

            Close(output);
            _openToolId = delta.Id is { Length: > 0 } id ? id : OpenAIChatCodec.NewToolCallId();
            _openToolIndex = delta.Index;
            _openKind = BlockKind.ToolCall;
            _openBlock = _nextBlock++;
            output.Add(new BlockStarted(_openBlock, BlockKind.ToolCall) { ToolCallId = _openToolId, ToolName = delta.Name ?? string.Empty });
        }

        if (delta.Arguments is { Length: > 0 } arguments)
        {
            output.Add(new ToolArgumentsDelta(_openBlock, arguments));
        }

        return true;
    }

    private bool IsClosed(ToolCallDelta delta)
    {
        foreach (var (index, id) in _closedToolCalls)
        {
            if (delta.Id is not null ? delta.Id == id : delta.Index is not null && delta.Index == index)
            {
                return true;
            }
        }

        return false;
    }

    private void Open(List<StreamEvent> output, BlockKind kind)
    {
        if (_openBlock >= 0 && _openKind == kind)
        {
            return;
        }

        Close(output);
        _openKind = kind;
        _openBlock = _nextBlock++;
        output.Add(new BlockStarted(_openBlock, kind));
    }

    private void Close(List<StreamEvent> output)
    {
        if (_openBlock < 0)
        {
            return;
        }

        if (_openKind == BlockKind.ToolCall)
        {
            _closedToolCalls.Add((_openToolIndex, _openToolId!));
            _openToolIndex = null;
            _openToolId = null;
        }

        output.Add(new BlockStopped(_openBlock));
        _openBlock = -1;
    }

    /// <summary><c>[DONE]</c>, or the end of a stream that had a finish reason.</summary>
    private void Finish(List<StreamEvent> output)
    {
        if (!_started)
        {
            Fail(output, new GatewayError(502, "upstream_stream_truncated", "The upstream stream ended before any chunk."));
            return;
        }

        Close(output);
        output.Add(new ResponseFinished(_finishReason ?? (_closedToolCalls.Count > 0 ? StopReason.ToolUse : StopReason.EndTurn)));
        Finished = true;
        _ended = true;
    }

    private void Fail(List<StreamEvent> output, GatewayError error)
    {
        output.Add(new StreamFailed(error));
        _ended = true;
    }
}
