using System.Buffers;
using System.Net.ServerSentEvents;
using LlmGateway.Hosting;
using LlmGateway.Http;
using LlmGateway.Providers;
using LlmGateway.Translation;
using LlmGateway.Usage;
using Microsoft.AspNetCore.Http;

namespace LlmGateway.Execution;

/// <summary>
/// An inbound chat API (OpenAI Chat Completions, Anthropic Messages, Gemini generateContent): how it reads,
/// decodes and answers requests, its errors, and its same-format pass-through. The engine
/// (<see cref="ChatExecutor"/>) does the routing, retries and writing.
/// </summary>
internal interface IChatSurface
{
    WireFormat Format { get; }

    /// <summary>The endpoint's name in usage records (<c>chat/completions</c>, <c>messages</c>).</summary>
    string Endpoint { get; }

    ErrorWriter WriteError { get; }

    /// <summary>What to send on a silent stream: an SSE comment, or a ping event.</summary>
    ReadOnlyMemory<byte> KeepAlive { get; }

    /// <summary>Model and stream flags (from the body, or the URL for Gemini); throws a 400 naming the field when they are missing or malformed.</summary>
    InboundChat Read(HttpRequest request, ReadOnlyMemory<byte> body);

    CanonicalRequest Decode(InboundChat inbound);

    /// <summary>Same format: the body for the upstream with its model (null: the client's body as it came).</summary>
    PooledBuffer? Rewrite(InboundChat inbound, string upstreamModel);

    /// <summary>
    /// Same format: the upstream endpoint when it is not the dialect's chat endpoint (<c>responses/compact</c>); null
    /// (the default) for the chat endpoint.
    /// </summary>
    Uri? PassThroughUri(UpstreamProvider provider, string upstreamModel) => null;

    /// <summary>Same format: client protocol headers to forward upstream (e.g. <c>anthropic-beta</c>), or null.</summary>
    IHeaderDictionary? ForwardedHeaders(HttpRequest request);

    void EncodeResponse(CanonicalResponse response, IBufferWriter<byte> output);

    IStreamEncoder CreateStreamEncoder(CanonicalRequest request, long created);

    /// <summary>Writes a stream of client events (SSE, or for Gemini without <c>alt=sse</c> a streamed JSON array).</summary>
    Task WriteEventsAsync(HttpContext context, IAsyncEnumerable<SseItem<ReadOnlyMemory<byte>>> events, TimeSpan keepAliveInterval, TimeProvider timeProvider);

    /// <summary>Same format: the usage in a non-stream answer relayed as it came.</summary>
    TokenUsage UsageOf(ReadOnlySpan<byte> answer);

    /// <summary>Same format: the upstream's stream relayed as it came, the tally fed, failures ending it in-band.</summary>
    IAsyncEnumerable<SseItem<ReadOnlyMemory<byte>>> Relay(UpstreamCall call, Stream upstream, InboundChat inbound, StreamTally tally, CancellationToken cancellationToken);
}
