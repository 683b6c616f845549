using System.Buffers;
using System.Net.ServerSentEvents;
using System.Text.Json;
using LlmGateway.Hosting;
using LlmGateway.Translation;
using LlmGateway.Usage;
using Microsoft.AspNetCore.Http;

namespace LlmGateway.Execution;

/// <summary>An inbound chat API (OpenAI Chat Completions, Anthropic Messages): its codec, its errors, its pass-through.</summary>
internal interface IChatSurface
{
    WireFormat Format { get; }

    /// <summary>The endpoint's name in usage records (<c>chat/completions</c>, <c>messages</c>).</summary>
    string Endpoint { get; }

    ErrorWriter WriteError { get; }

    /// <summary>What to send on a silent stream: an SSE comment, or a ping event.</summary>
    ReadOnlyMemory<byte> KeepAlive { get; }

    /// <summary>Model and stream flags (from the body, or the URL for Gemini); throws a 400 naming the field when they are missing or malformed.</summary>
    ChatBasics ReadBasics(HttpRequest request, JsonElement root);

    CanonicalRequest Decode(JsonElement root, ChatBasics basics);

    void EncodeResponse(CanonicalResponse response, IBufferWriter<byte> output);

    IStreamEncoder CreateStreamEncoder(CanonicalRequest request, long created);

    /// <summary>Writes a stream of client events (SSE, or for Gemini without <c>alt=sse</c> a streamed JSON array).</summary>
    Task WriteEventsAsync(HttpContext context, IAsyncEnumerable<SseItem<ReadOnlyMemory<byte>>> events, TimeSpan keepAliveInterval, TimeProvider timeProvider);

    /// <summary>Same format on both sides: rewrite the model, relay the upstream's answer as it came.</summary>
    Task<UsageRecord> PassThroughAsync(PassThroughRequest request);
}
