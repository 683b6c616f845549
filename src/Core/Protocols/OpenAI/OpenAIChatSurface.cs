using System.Buffers;
using System.Globalization;
using System.Net.ServerSentEvents;
using System.Text.Json;
using LlmGateway.Execution;
using LlmGateway.Hosting;
using LlmGateway.Http;
using LlmGateway.Translation;
using LlmGateway.Usage;
using Microsoft.AspNetCore.Http;

namespace LlmGateway.Protocols.OpenAI;

/// <summary>
/// <c>POST /v1/chat/completions</c>. To an OpenAI-compatible upstream it is a pass-through that rewrites only the
/// model (and asks the upstream for usage) and relays the answer byte for byte; to others it goes through the hub.
/// </summary>
internal sealed class OpenAIChatSurface(TimeProvider timeProvider) : IChatSurface
{
    private static readonly byte[] KeepAliveComment = ": keep-alive\n\n"u8.ToArray();

    public WireFormat Format => WireFormat.OpenAIChat;

    public string Endpoint => "chat/completions";

    public ErrorWriter WriteError { get; } = OpenAIErrors.WriteAsync;

    public ReadOnlyMemory<byte> KeepAlive => KeepAliveComment;

    /// <summary>One reader pass: the fields the gateway needs and where they lie; no document is built.</summary>
    public InboundChat Read(HttpRequest request, ReadOnlyMemory<byte> body)
    {
        var info = ChatRequestInfo.Read(body.Span);
        return new InboundChat(body, new ChatBasics(info.Model, info.Stream, info.IncludeUsage), null) { State = info.Layout };
    }

    public CanonicalRequest Decode(InboundChat inbound) => OpenAIChatCodec.DecodeRequest(inbound.Body.Span);

    public PooledBuffer? Rewrite(InboundChat inbound, string upstreamModel) =>
        ChatRequestRewriter.Rewrite(inbound.Body.Span, (ChatRequestLayout)inbound.State!, upstreamModel, includeUsage: inbound.Basics.Stream);

    public IHeaderDictionary? ForwardedHeaders(HttpRequest request) => null;

    public void EncodeResponse(CanonicalResponse response, IBufferWriter<byte> output) =>
        OpenAIChatCodec.EncodeResponse(response, output, timeProvider.GetUtcNow().ToUnixTimeSeconds());

    public IStreamEncoder CreateStreamEncoder(CanonicalRequest request, long created) => new OpenAIStreamEncoder(request.IncludeUsage, created);

    public Task WriteEventsAsync(HttpContext context, IAsyncEnumerable<SseItem<ReadOnlyMemory<byte>>> events, TimeSpan keepAliveInterval, TimeProvider timeProvider) =>
        SseResponse.WriteAsync(context, events, KeepAlive, keepAliveInterval, timeProvider);

    public TokenUsage UsageOf(ReadOnlySpan<byte> answer) => ChatChunkInfo.Read(answer).Usage ?? default;

    public IAsyncEnumerable<SseItem<ReadOnlyMemory<byte>>> Relay(UpstreamCall call, Stream upstream, InboundChat inbound, StreamTally tally, CancellationToken cancellationToken) =>
        new ChatStreamRelay(call, inbound.Basics.IncludeUsage, tally).RelayAsync(upstream, cancellationToken);
}
