using System.Text.Json;
using LlmGateway.Http;
using LlmGateway.Translation;
using LlmGateway.Usage;

namespace LlmGateway.Protocols.Anthropic;

/// <summary>
/// An Anthropic upstream's SSE events → hub events. Blocks the hub cannot carry (server tool use and results) are
/// skipped with their deltas, and the rest re-numbered densely. Usage is converted to the canonical sense and
/// reported cumulatively (a <c>message_delta</c> may carry only <c>output_tokens</c>).
/// </summary>
internal sealed partial class AnthropicStreamDecoder : IStreamDecoder
{
    private TokenUsage _usage;
    private StopReason? _stopReason;
    private string? _stopSequence;
    private bool _failed;

    /// <summary>The upstream index of the open block, -1 when none.</summary>
    private int _upstreamIndex = -1;
    private int _hubIndex;
    private bool _skipping;
    private int _nextHubIndex;

    public bool Finished { get; private set; }

    public void Decode(string? eventType, ReadOnlySpan<byte> data, List<StreamEvent> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (Finished || _failed)
        {
            return;
        }

        Frame frame;
        try
        {
            frame = Frame.Read(data, eventType);
        }
        catch (JsonException)
        {
            Fail(output, new GatewayError(502, "upstream_invalid_stream", "The Anthropic upstream sent an event that is not JSON."));
            return;
        }

        switch (frame.Type)
        {
            case FrameType.MessageStart:
                output.Add(new ResponseStarted(frame.Id ?? "", frame.Model ?? ""));
                _usage = frame.Usage.ApplyTo(default);
                output.Add(new UsageReported(_usage));
                break;
            case FrameType.BlockStart:
                StartBlock(frame, output);
                break;
            case FrameType.BlockDelta:
                if (_upstreamIndex >= 0 && frame.Index == _upstreamIndex && !_skipping)
                {
                    AddDelta(frame.Kind, frame.Text, output);
                }

                break;
            case FrameType.BlockStop:
                if (_upstreamIndex >= 0 && frame.Index == _upstreamIndex)
                {
                    StopBlock(output);
                }

                break;
            case FrameType.MessageDelta:
                if (frame.StopReason is { } reason)
                {
                    _stopReason = AnthropicCodec.ParseStopReason(reason);
                    _stopSequence = frame.StopSequence;
                }

                if (frame.HasUsage)
                {
                    _usage = frame.Usage.ApplyTo(_usage);
                    output.Add(new UsageReported(_usage));
                }

                break;
            case FrameType.MessageStop:
                Finish(output);
                break;
            case FrameType.Error:
                var type = frame.ErrorType ?? "api_error";
                Fail(output, AnthropicErrors.FromAnthropic(AnthropicErrors.StatusFor(type), type, frame.ErrorMessage ?? type));
                break;
        }
    }

    /// <summary>
    /// After <c>message_stop</c>, nothing. A stream cut after <c>message_delta</c> brought the stop reason still
    /// finishes (every block arrived); one cut earlier fails with <c>upstream_stream_truncated</c>.
    /// </summary>
    public void Complete(List<StreamEvent> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (Finished || _failed)
        {
            return;
        }

        if (_stopReason is not null)
        {
            Finish(output);
            return;
        }

        Fail(output, new GatewayError(502, "upstream_stream_truncated", "The Anthropic upstream ended the stream before message_stop."));
    }

    private void StartBlock(in Frame frame, List<StreamEvent> output)
    {
        if (_upstreamIndex >= 0)
        {
            StopBlock(output);
        }

        _upstreamIndex = frame.Index;
        BlockKind kind;
        switch (frame.Kind)
        {
            case Kind.Text:
                kind = BlockKind.Text;
                break;
            case Kind.Thinking:
                kind = BlockKind.Reasoning;
                break;
            case Kind.RedactedThinking:
                kind = BlockKind.RedactedReasoning;
                break;
            case Kind.ToolUse:
                kind = BlockKind.ToolCall;
                break;
            default:
                _skipping = true;
                return;
        }

        _hubIndex = _nextHubIndex++;
        output.Add(new BlockStarted(_hubIndex, kind) { ToolCallId = frame.Id, ToolName = frame.Name, RedactedData = frame.Data });

        // A block may start with content already (thinking that arrives signed in one piece).
        if (!string.IsNullOrEmpty(frame.Text))
        {
            AddDelta(frame.Kind == Kind.Thinking ? Kind.ThinkingDelta : Kind.TextDelta, frame.Text, output);
        }

        if (!string.IsNullOrEmpty(frame.Signature))
        {
            AddDelta(Kind.SignatureDelta, frame.Signature, output);
        }
    }

    private void AddDelta(Kind kind, string? text, List<StreamEvent> output)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        StreamEvent? delta = kind switch
        {
            Kind.TextDelta => new TextDelta(_hubIndex, text),
            Kind.ThinkingDelta => new ReasoningDelta(_hubIndex, text),
            Kind.SignatureDelta => new SignatureDelta(_hubIndex, text),
            Kind.InputJsonDelta => new ToolArgumentsDelta(_hubIndex, text),
            _ => null, // citations_delta and anything newer
        };
        if (delta is not null)
        {
            output.Add(delta);
        }
    }

    private void StopBlock(List<StreamEvent> output)
    {
        if (!_skipping)
        {
            output.Add(new BlockStopped(_hubIndex));
        }

        _skipping = false;
        _upstreamIndex = -1;
    }

    private void Finish(List<StreamEvent> output)
    {
        if (_upstreamIndex >= 0)
        {
            StopBlock(output);
        }

        var reason = _stopReason ?? StopReason.EndTurn;
        output.Add(new ResponseFinished(reason, reason == StopReason.StopSequence ? _stopSequence : null));
        Finished = true;
    }

    private void Fail(List<StreamEvent> output, GatewayError error)
    {
        output.Add(new StreamFailed(error));
        _failed = true;
    }
}
