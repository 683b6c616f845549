using System.Text.Json;
using LlmGateway.Http;
using LlmGateway.Translation;
using LlmGateway.Usage;

namespace LlmGateway.Protocols.Responses;

/// <summary>
/// A Responses upstream's SSE events → hub events (and, on pass-through, the reader that feeds the tally and knows the
/// response id and last <c>sequence_number</c> for an in-band <c>response.failed</c>). Each <c>output_text</c> content
/// part is a text block, each <c>function_call</c> item a tool-call block (<c>call_id</c> is the id; arguments sent only
/// whole in <c>...arguments.done</c> or the item become one delta), each <c>reasoning</c> item a reasoning block whose
/// summary parts join with blank lines (its <c>encrypted_content</c> is OpenAI's alone: a client of another format
/// could only send it back under its own provider's name, so it is left out); items of built-in tools are skipped. <c>response.completed</c>/<c>response.incomplete</c> report usage and finish; <c>response.failed</c> fails;
/// an <c>error</c> event fails the stream if no terminal event follows it.
/// </summary>
internal sealed partial class ResponsesStreamDecoder : IStreamDecoder
{
    private bool _started;
    private bool _failed;
    private bool _calledTools;
    private bool _refused;
    private GatewayError? _pendingError;

    /// <summary>The hub index of the open block, -1 when none.</summary>
    private int _openBlock = -1;
    private BlockKind _openKind;
    private int _nextBlock;
    private bool _sawArguments;
    private bool _sawText;
    private int _summaryParts;

    /// <summary>The upstream item being read: <c>message</c>, <c>function_call</c>, <c>reasoning</c>, or another (skipped).</summary>
    private string? _itemType;

    public bool Finished { get; private set; }

    /// <summary>The upstream's response id (<c>resp_...</c>), once <c>response.created</c> came.</summary>
    public string ResponseId { get; private set; } = "";

    public string Model { get; private set; } = "";

    /// <summary>The highest <c>sequence_number</c> seen (-1 before any).</summary>
    public int LastSequence { get; private set; } = -1;

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
            frame = Frame.Read(data);
        }
        catch (JsonException)
        {
            Fail(output, new GatewayError(502, "upstream_invalid_stream", "The Responses upstream sent an event that is not JSON."));
            return;
        }

        if (frame.Sequence is { } sequence && sequence > LastSequence)
        {
            LastSequence = (int)Math.Min(sequence, int.MaxValue);
        }

        switch (frame.Type ?? eventType)
        {
            case "response.created" or "response.in_progress":
                Start(frame, output);
                break;
            case "response.output_item.added":
                Start(frame, output);
                ItemAdded(frame, output);
                break;
            case "response.content_part.added":
                if (_itemType == "message")
                {
                    _refused |= frame.PartType == "refusal";
                    OpenBlock(BlockKind.Text, output);
                }

                break;
            case "response.output_text.delta" or "response.refusal.delta":
                if (_itemType == "message" && !string.IsNullOrEmpty(frame.Delta))
                {
                    EnsureBlock(BlockKind.Text, output);
                    _sawText = true;
                    output.Add(new TextDelta(_openBlock, frame.Delta));
                }

                break;
            case "response.content_part.done":
                if (_openKind == BlockKind.Text)
                {
                    StopBlock(output);
                }

                break;
            case "response.function_call_arguments.delta":
                if (_itemType == "function_call" && _openBlock >= 0 && !string.IsNullOrEmpty(frame.Delta))
                {
                    _sawArguments = true;
                    output.Add(new ToolArgumentsDelta(_openBlock, frame.Delta));
                }

                break;
            case "response.function_call_arguments.done":
                WholeArguments(frame.Arguments, output);
                break;
            case "response.reasoning_summary_part.added":
                if (_itemType == "reasoning" && _summaryParts++ > 0 && _openBlock >= 0)
                {
                    output.Add(new ReasoningDelta(_openBlock, "\n\n"));
                }

                break;
            case "response.reasoning_summary_text.delta" or "response.reasoning_text.delta":
                if (_itemType == "reasoning" && _openBlock >= 0 && !string.IsNullOrEmpty(frame.Delta))
                {
                    _sawText = true;
                    output.Add(new ReasoningDelta(_openBlock, frame.Delta));
                }

                break;
            case "response.output_item.done":
                ItemDone(frame, output);
                break;
            case "response.completed" or "response.incomplete":
                Start(frame, output);
                Finish(frame, output);
                break;
            case "response.failed":
                Fail(output, ErrorFor(frame.ResponseErrorCode, frame.ResponseErrorMessage ?? "The Responses upstream reported that the response failed."));
                break;
            case "error":
                _pendingError = ErrorFor(frame.ErrorCode, frame.ErrorMessage ?? "The Responses upstream reported an error.");
                break;
        }
    }

    /// <summary>An upstream stream that ended without a terminal event fails: with its <c>error</c> event's error, or as truncated.</summary>
    public void Complete(List<StreamEvent> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (Finished || _failed)
        {
            return;
        }

        Fail(output, _pendingError ?? new GatewayError(502, "upstream_stream_truncated", "The Responses upstream ended the stream before response.completed."));
    }

    /// <summary>
    /// The gateway's error for a Responses error code, with the status a client of another format expects:
    /// context_length_exceeded 400, rate_limit_exceeded 429, insufficient_quota 402, invalid_prompt 400, overload 503, else 502.
    /// </summary>
    internal static GatewayError ErrorFor(string? code, string message)
    {
        var status = code switch
        {
            ResponsesErrors.ContextLengthExceeded or "invalid_prompt" => 400,
            ResponsesErrors.RateLimitExceeded => 429,
            ResponsesErrors.InsufficientQuota => 402,
            "server_is_overloaded" or "slow_down" => 503,
            _ => 502,
        };
        return new GatewayError(status, code ?? "upstream_error", message);
    }

    private void Start(in Frame frame, List<StreamEvent> output)
    {
        if (frame.ResponseId is { } id)
        {
            ResponseId = id;
        }

        if (frame.Model is { } model)
        {
            Model = model;
        }

        if (!_started)
        {
            _started = true;
            output.Add(new ResponseStarted(ResponseId, Model));
        }
    }

    private void ItemAdded(in Frame frame, List<StreamEvent> output)
    {
        StopBlock(output);
        _itemType = frame.ItemType;
        _sawArguments = _sawText = false;
        _summaryParts = 0;
        switch (_itemType)
        {
            case "function_call":
                _calledTools = true;
                OpenBlock(BlockKind.ToolCall, output, frame.CallId ?? "", frame.Name ?? "");
                if (!string.IsNullOrEmpty(frame.ItemArguments))
                {
                    WholeArguments(frame.ItemArguments, output);
                }

                break;
            case "reasoning":
                OpenBlock(BlockKind.Reasoning, output);
                break;
        }
    }

    /// <summary>Arguments that came whole (no deltas before them) become one delta.</summary>
    private void WholeArguments(string? arguments, List<StreamEvent> output)
    {
        if (_itemType == "function_call" && _openBlock >= 0 && !_sawArguments && !string.IsNullOrEmpty(arguments))
        {
            _sawArguments = true;
            output.Add(new ToolArgumentsDelta(_openBlock, arguments));
        }
    }

    private void ItemDone(in Frame frame, List<StreamEvent> output)
    {
        switch (_itemType)
        {
            case "function_call":
                WholeArguments(frame.ItemArguments, output);
                break;
            case "reasoning" when _openBlock >= 0:
                if (!_sawText && !string.IsNullOrEmpty(frame.ItemText))
                {
                    output.Add(new ReasoningDelta(_openBlock, frame.ItemText));
                }

                break;
            case "message" when !_sawText && !string.IsNullOrEmpty(frame.ItemText):
                // A server that sent the message only whole.
                EnsureBlock(BlockKind.Text, output);
                output.Add(new TextDelta(_openBlock, frame.ItemText));
                break;
        }

        StopBlock(output);
        _itemType = null;
    }

    private void Finish(in Frame frame, List<StreamEvent> output)
    {
        StopBlock(output);
        if (frame.Usage is { } usage)
        {
            output.Add(new UsageReported(usage));
        }

        var status = frame.Type == "response.incomplete" ? "incomplete" : frame.Status;
        output.Add(new ResponseFinished(ResponsesCodec.StopReasonFor(status, frame.IncompleteReason, _refused, _calledTools)));
        Finished = true;
    }

    private void EnsureBlock(BlockKind kind, List<StreamEvent> output)
    {
        if (_openBlock < 0 || _openKind != kind)
        {
            OpenBlock(kind, output);
        }
    }

    private void OpenBlock(BlockKind kind, List<StreamEvent> output, string? callId = null, string? name = null)
    {
        StopBlock(output);
        _openBlock = _nextBlock++;
        _openKind = kind;
        output.Add(new BlockStarted(_openBlock, kind) { ToolCallId = callId, ToolName = name });
    }

    private void StopBlock(List<StreamEvent> output)
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
        _failed = true;
    }
}
