using System.Buffers;
using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using LlmGateway.Execution;
using LlmGateway.Hosting;
using LlmGateway.Http;
using LlmGateway.Translation;
using LlmGateway.Usage;
using Microsoft.AspNetCore.Http;

namespace LlmGateway.Protocols.Gemini;

/// <summary>
/// <c>POST /v1beta/models/{model}:generateContent</c> and <c>:streamGenerateContent</c> (Gemini SDKs, Gemini CLI).
/// To a Gemini upstream it is a pass-through (the body has no model; the URL gets the upstream's); to others it
/// goes through the hub. Streams are SSE with <c>alt=sse</c>, otherwise the JSON array Google returns.
/// </summary>
internal sealed class GeminiSurface : IChatSurface
{
    private static readonly byte[] KeepAliveComment = ": keep-alive\n\n"u8.ToArray();

    public WireFormat Format => WireFormat.Gemini;

    public string Endpoint => "generateContent";

    public ErrorWriter WriteError { get; } = GeminiErrors.WriteAsync;

    public ReadOnlyMemory<byte> KeepAlive => KeepAliveComment;

    public InboundChat Read(HttpRequest request, ReadOnlyMemory<byte> body)
    {
        var route = GeminiRoute.Read(request);
        var document = ChatExecutor.ParseJson(body);
        try
        {
            return new InboundChat(body, ReadBasics(route, document.RootElement), document);
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    private static ChatBasics ReadBasics(GeminiRoute route, JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new GatewayErrorException(GatewayError.BadRequest("The request body must be a JSON object."));
        }

        return route.Method switch
        {
            GeminiRoute.GenerateContent => new ChatBasics(route.Model, false, false),
            GeminiRoute.StreamGenerateContent => new ChatBasics(route.Model, true, false),
            _ => throw new GatewayErrorException(new GatewayError(404, "not_found", $"Method '{route.Method}' is not supported; use generateContent, streamGenerateContent or countTokens.")),
        };
    }

    public CanonicalRequest Decode(InboundChat inbound)
    {
        var request = GeminiCodec.DecodeRequest(inbound.Root, inbound.Basics.Model);
        request.Stream = inbound.Basics.Stream;
        return request;
    }

    /// <summary>A Gemini body names no model (the URL does): it goes upstream as it came.</summary>
    public PooledBuffer? Rewrite(InboundChat inbound, string upstreamModel) => null;

    public IHeaderDictionary? ForwardedHeaders(HttpRequest request) => null;

    public void EncodeResponse(CanonicalResponse response, IBufferWriter<byte> output) => GeminiCodec.EncodeResponse(response, output);

    public IStreamEncoder CreateStreamEncoder(CanonicalRequest request, long created) => new GeminiStreamEncoder();

    public Task WriteEventsAsync(HttpContext context, IAsyncEnumerable<SseItem<ReadOnlyMemory<byte>>> events, TimeSpan keepAliveInterval, TimeProvider time) =>
        GeminiRoute.WantsSse(context.Request)
            ? SseResponse.WriteAsync(context, events, KeepAlive, keepAliveInterval, time)
            : JsonArrayResponse.WriteAsync(context, events, keepAliveInterval, time);

    public IAsyncEnumerable<SseItem<ReadOnlyMemory<byte>>> Relay(UpstreamCall call, Stream upstream, InboundChat inbound, StreamTally tally, CancellationToken cancellationToken) =>
        HubStream.RelayAsync(call, upstream, new GeminiStreamDecoder(), tally, ErrorEvent);

    private static SseItem<ReadOnlyMemory<byte>> ErrorEvent(GatewayError error) => new(GeminiErrors.Serialize(error));

    public TokenUsage UsageOf(ReadOnlySpan<byte> body)
    {
        try
        {
            return GeminiCodec.DecodeResponse(body).Usage;
        }
        catch (Exception ex) when (ex is JsonException or GatewayErrorException or InvalidOperationException or KeyNotFoundException)
        {
            return default;
        }
    }
}
