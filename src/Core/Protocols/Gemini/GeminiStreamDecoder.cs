using System.Text.Json;
using LlmGateway.Http;
using LlmGateway.Translation;
using LlmGateway.Usage;

namespace LlmGateway.Protocols.Gemini;

/// <summary>
/// A Gemini upstream's <c>alt=sse</c> stream → hub events. Every data frame is a whole GenerateContentResponse:
/// the first starts the response; text and thought parts become deltas of one open block while consecutive parts
/// are of the same kind (a part of another kind closes it and opens the next); each function call is a whole block
/// (start with id — made up when Gemini gave none — and name, one arguments delta, stop). A part's
/// <c>thoughtSignature</c> travels only on <see cref="BlockStarted.ThoughtSignature"/>: a signed part always starts a
/// block of its own, even when it continues one of its kind (<see cref="SignatureDelta"/> is the reasoning signature
/// of the provider that minted it, which encoders send back to Anthropic). Usage is reported whenever it changes.
/// Gemini has no terminal event: the stream ends when the HTTP stream does, so <see cref="Finished"/> turns true only
/// in <see cref="Complete"/>, which finishes if a finish reason came and fails (<c>upstream_stream_truncated</c>)
/// otherwise. MALFORMED_FUNCTION_CALL and an <c>error</c> frame fail the stream.
/// </summary>
internal sealed class GeminiStreamDecoder : IStreamDecoder
{
    private readonly GeminiChunk _chunk = new();
    private bool _started;
    private bool _ended;
    private string? _responseId;
    private string? _callToken;
    private int _calls;
    private int _nextBlock;
    private int _openBlock = -1;
    private BlockKind _openKind;
    private GeminiFinish _finish;
    private bool _promptBlocked;
    private TokenUsage? _usage;

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

        try
        {
            _chunk.Read(data, readIds: !_started);
        }
        catch (JsonException)
        {
            Fail(output, new GatewayError(502, "upstream_invalid_stream", "The Gemini upstream sent a stream chunk that is not valid JSON."));
            return;
        }

        if (_chunk.Error is { } error)
        {
            Fail(output, error);
            return;
        }

        if (!_started)
        {
            _responseId = _chunk.ResponseId;
            output.Add(new ResponseStarted(_responseId ?? GeminiCodec.NewResponseId(), _chunk.ModelVersion ?? ""));
            _started = true;
        }

        foreach (var part in _chunk.Parts)
        {
            if (part.Kind == GeminiChunk.PartKind.FunctionCall)
            {
                AddFunctionCall(part, output);
            }
            else
            {
                AddText(part, output);
            }
        }

        switch (_chunk.Finish)
        {
            case GeminiFinish.MalformedFunctionCall:
                Fail(output, GeminiCodec.MalformedFunctionCall());
                return;
            case not GeminiFinish.None:
                _finish = _chunk.Finish;
                break;
        }

        _promptBlocked |= !_chunk.HasCandidate && _chunk.BlockReason is not null;
        if (_chunk.Usage is { } usage && usage != _usage)
        {
            _usage = usage;
            output.Add(new UsageReported(usage));
        }
    }

    public void Complete(List<StreamEvent> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (_ended)
        {
            return;
        }

        if (!_started || (_finish == GeminiFinish.None && !_promptBlocked))
        {
            Fail(output, new GatewayError(502, "upstream_stream_truncated", "The Gemini upstream ended the stream before a finish reason."));
            return;
        }

        Close(output);
        output.Add(new ResponseFinished(_promptBlocked && _finish == GeminiFinish.None ? StopReason.Refusal : GeminiCodec.StopReasonFor(_finish, _calls > 0)));
        Finished = true;
        _ended = true;
    }

    private void AddText(in GeminiChunk.Part part, List<StreamEvent> output)
    {
        if (part.Text!.Length == 0 && part.Signature is null)
        {
            // Google often ends a stream with an empty text part: nothing to relay.
            return;
        }

        var kind = part.Kind == GeminiChunk.PartKind.Thought ? BlockKind.Reasoning : BlockKind.Text;
        if (part.Signature is not null || _openBlock < 0 || _openKind != kind)
        {
            Close(output);
            _openBlock = _nextBlock++;
            _openKind = kind;
            output.Add(new BlockStarted(_openBlock, kind) { ThoughtSignature = part.Signature });
        }

        if (part.Text is { Length: > 0 } text)
        {
            output.Add(kind == BlockKind.Reasoning ? new ReasoningDelta(_openBlock, text) : new TextDelta(_openBlock, text));
        }
    }

    private void AddFunctionCall(in GeminiChunk.Part part, List<StreamEvent> output)
    {
        Close(output);
        var index = _nextBlock++;
        var id = part.CallId ?? GeminiCodec.SyntheticCallId(_callToken ??= GeminiCodec.CallIdToken(_responseId), _calls);
        _calls++;
        output.Add(new BlockStarted(index, BlockKind.ToolCall) { ToolCallId = id, ToolName = part.Name ?? "", ThoughtSignature = part.Signature });
        output.Add(new ToolArgumentsDelta(index, part.Arguments ?? "{}"));
        output.Add(new BlockStopped(index));
    }

    private void Close(List<StreamEvent> output)
    {
        if (_openBlock >= 0)
        {
            output.Add(new BlockStopped(_openBlock));
            _openBlock = -1;
        }
    }

    private void Fail(List<StreamEvent> output, GatewayError error)
    {
        output.Add(new StreamFailed(error));
        _ended = true;
    }
}
