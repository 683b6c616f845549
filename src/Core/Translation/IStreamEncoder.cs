using System.Net.ServerSentEvents;

namespace LlmGateway.Translation;

/// <summary>Turns hub events into one client format's SSE events. One instance per stream (it keeps state).</summary>
internal interface IStreamEncoder
{
    /// <summary>Appends the SSE events (event type null for "no event: line") this hub event becomes.</summary>
    void Encode(StreamEvent streamEvent, List<SseItem<ReadOnlyMemory<byte>>> output);

    /// <summary>
    /// Appends what terminates the client's stream after the last hub event (OpenAI: <c>[DONE]</c>). If the hub
    /// stream ended without <see cref="ResponseFinished"/> or <see cref="StreamFailed"/>, first an in-band error.
    /// </summary>
    void Complete(List<SseItem<ReadOnlyMemory<byte>>> output);
}
