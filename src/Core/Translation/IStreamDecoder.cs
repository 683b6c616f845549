namespace LlmGateway.Translation;

/// <summary>Turns one upstream's SSE events into hub events. One instance per stream (it keeps state).</summary>
internal interface IStreamDecoder
{
    /// <summary>True once the upstream said the response finished and nothing more is due ([DONE] / message_stop).</summary>
    bool Finished { get; }

    /// <summary>One SSE event as received: its event type (null when the frame had none) and its data.</summary>
    void Decode(string? eventType, ReadOnlySpan<byte> data, List<StreamEvent> output);

    /// <summary>
    /// The upstream stream ended. Emits whatever is still due (closing an open block, finishing), or a
    /// <see cref="StreamFailed"/> (code <c>upstream_stream_truncated</c>, 502) when it ended before finishing.
    /// </summary>
    void Complete(List<StreamEvent> output);
}
