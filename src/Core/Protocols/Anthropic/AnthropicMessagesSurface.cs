using System.Buffers;
using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using LlmGateway.Execution;
using LlmGateway.Hosting;
using LlmGateway.Http;
using LlmGateway.Protocols.OpenAI;
using LlmGateway.Translation;
using LlmGateway.Usage;
using Microsoft.AspNetCore.Http;

namespace LlmGateway.Protocols.Anthropic;

/// <summary>
/// <c>POST /v1/messages</c> (Claude Code, Anthropic SDKs). To an Anthropic upstream it is a pass-through that
/// rewrites only the model and relays the stream event by event as it came; to others it goes through the hub.
/// </summary>
internal sealed class AnthropicMessagesSurface : IChatSurface
{
    private static readonly byte[] Ping = SseResponse.Format("ping", "{\"type\":\"ping\"}"u8);

    public WireFormat Format => WireFormat.AnthropicMessages;

    public string Endpoint => "messages";

    public ErrorWriter WriteError { get; } = AnthropicErrors.WriteAsync;

    public ReadOnlyMemory<byte> KeepAlive => Ping;

    public InboundChat Read(HttpRequest request, ReadOnlyMemory<byte> body)
    {
        var document = ChatExecutor.ParseJson(body);
        try
        {
            return new InboundChat(body, ReadBasics(document.RootElement), document);
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    private static ChatBasics ReadBasics(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new GatewayErrorException(GatewayError.BadRequest("The request body must be a JSON object."));
        }

        if (!root.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.String || model.GetString() is not { Length: > 0 } name)
        {
            throw new GatewayErrorException(GatewayError.BadRequest("model: Field required", "model"));
        }

        var stream = false;
        if (root.TryGetProperty("stream", out var value))
        {
            stream = value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False or JsonValueKind.Null => false,
                _ => throw new GatewayErrorException(GatewayError.BadRequest("stream: Input should be a valid boolean", "stream")),
            };
        }

        return new ChatBasics(name, stream, false);
    }

    public CanonicalRequest Decode(InboundChat inbound) => AnthropicCodec.DecodeRequest(inbound.Root);

    public PooledBuffer? Rewrite(InboundChat inbound, string upstreamModel) =>
        ChatRequestRewriter.Rewrite(inbound.Body, inbound.Root, upstreamModel, includeUsage: false);

    public IHeaderDictionary? ForwardedHeaders(HttpRequest request) => request.Headers;

    public void EncodeResponse(CanonicalResponse response, IBufferWriter<byte> output) => AnthropicCodec.EncodeResponse(response, output);

    public IStreamEncoder CreateStreamEncoder(CanonicalRequest request, long created) => new AnthropicStreamEncoder(TokenEstimator.Estimate(request));

    public Task WriteEventsAsync(HttpContext context, IAsyncEnumerable<SseItem<ReadOnlyMemory<byte>>> events, TimeSpan keepAliveInterval, TimeProvider timeProvider) =>
        SseResponse.WriteAsync(context, events, KeepAlive, keepAliveInterval, timeProvider);

    public IAsyncEnumerable<SseItem<ReadOnlyMemory<byte>>> Relay(UpstreamCall call, Stream upstream, InboundChat inbound, StreamTally tally, CancellationToken cancellationToken) =>
        HubStream.RelayAsync(call, upstream, new AnthropicStreamDecoder(), tally, ErrorEvent);

    private static SseItem<ReadOnlyMemory<byte>> ErrorEvent(GatewayError error) => new(AnthropicErrors.Serialize(error), "error");

    public TokenUsage UsageOf(ReadOnlySpan<byte> body)
    {
        try
        {
            return AnthropicCodec.DecodeResponse(body).Usage;
        }
        catch (Exception ex) when (ex is JsonException or GatewayErrorException or InvalidOperationException or KeyNotFoundException)
        {
            return default;
        }
    }
}
