using System.Buffers;
using System.Net.ServerSentEvents;
using LlmGateway.Execution;
using LlmGateway.Hosting;
using LlmGateway.Http;
using LlmGateway.Protocols.OpenAI;
using LlmGateway.Providers;
using LlmGateway.Translation;
using LlmGateway.Usage;
using Microsoft.AspNetCore.Http;

namespace LlmGateway.Protocols.Responses;

/// <summary>
/// <c>POST /v1/responses/compact</c> (non-stream). To an <c>openai-responses</c> upstream it is a pass-through to
/// <c>{base}/responses/compact</c> (model rewritten, answer relayed); to others a summarising call through the hub
/// (<see cref="ResponsesCompaction"/>). One instance per request: the answer echoes the request's user messages,
/// which <see cref="Decode"/> keeps for <see cref="EncodeResponse"/>.
/// </summary>
internal sealed class ResponsesCompactSurface(TimeProvider timeProvider) : IChatSurface
{
    private List<CanonicalMessage> _kept = [];

    public WireFormat Format => WireFormat.OpenAIResponses;

    public string Endpoint => "responses/compact";

    public ErrorWriter WriteError { get; } = OpenAIErrors.WriteAsync;

    public ReadOnlyMemory<byte> KeepAlive => ReadOnlyMemory<byte>.Empty;

    public InboundChat Read(HttpRequest request, ReadOnlyMemory<byte> body) => ResponsesSurface.ReadBody(body, allowStream: false);

    public CanonicalRequest Decode(InboundChat inbound)
    {
        var request = ResponsesCodec.DecodeRequest(inbound.Root);
        _kept = ResponsesCompaction.KeptUserMessages(request.Messages);
        ResponsesCompaction.PrepareSummaryRequest(request);
        return request;
    }

    public PooledBuffer? Rewrite(InboundChat inbound, string upstreamModel) =>
        ChatRequestRewriter.Rewrite(inbound.Body, inbound.Root, upstreamModel, includeUsage: false);

    public Uri? PassThroughUri(UpstreamProvider provider, string upstreamModel) => new(provider.BaseUri!, "responses/compact");

    public IHeaderDictionary? ForwardedHeaders(HttpRequest request) => null;

    public void EncodeResponse(CanonicalResponse response, IBufferWriter<byte> output) =>
        ResponsesCompaction.EncodeResponse(response, _kept, output, timeProvider.GetUtcNow().ToUnixTimeSeconds());

    public IStreamEncoder CreateStreamEncoder(CanonicalRequest request, long created) =>
        throw new InvalidOperationException("/v1/responses/compact does not stream.");

    public Task WriteEventsAsync(HttpContext context, IAsyncEnumerable<SseItem<ReadOnlyMemory<byte>>> events, TimeSpan keepAliveInterval, TimeProvider timeProvider) =>
        throw new InvalidOperationException("/v1/responses/compact does not stream.");

    public TokenUsage UsageOf(ReadOnlySpan<byte> answer) => ResponsesSurface.UsageIn(answer);

    public IAsyncEnumerable<SseItem<ReadOnlyMemory<byte>>> Relay(UpstreamCall call, Stream upstream, InboundChat inbound, StreamTally tally, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("/v1/responses/compact does not stream.");
}
