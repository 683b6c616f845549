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
internal sealed class GeminiSurface(ChatExecutor executor, UpstreamClient upstreamClient, TimeProvider timeProvider) : IChatSurface
{
    private static readonly byte[] KeepAliveComment = ": keep-alive\n\n"u8.ToArray();

    public WireFormat Format => WireFormat.Gemini;

    public string Endpoint => "generateContent";

    public ErrorWriter WriteError { get; } = GeminiErrors.WriteAsync;

    public ReadOnlyMemory<byte> KeepAlive => KeepAliveComment;

    public ChatBasics ReadBasics(HttpRequest request, JsonElement root)
    {
        var route = GeminiRoute.Read(request);
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

    public CanonicalRequest Decode(JsonElement root, ChatBasics basics)
    {
        var request = GeminiCodec.DecodeRequest(root, basics.Model);
        request.Stream = basics.Stream;
        return request;
    }

    public void EncodeResponse(CanonicalResponse response, IBufferWriter<byte> output) => GeminiCodec.EncodeResponse(response, output);

    public IStreamEncoder CreateStreamEncoder(CanonicalRequest request, long created) => new GeminiStreamEncoder();

    public Task WriteEventsAsync(HttpContext context, IAsyncEnumerable<SseItem<ReadOnlyMemory<byte>>> events, TimeSpan keepAliveInterval, TimeProvider time) =>
        GeminiRoute.WantsSse(context.Request)
            ? SseResponse.WriteAsync(context, events, KeepAlive, keepAliveInterval, time)
            : JsonArrayResponse.WriteAsync(context, events, keepAliveInterval, time);

    public async Task<UsageRecord> PassThroughAsync(PassThroughRequest request)
    {
        var (context, body, _, basics, target, provider, credential, record) = request;
        var uri = provider.Dialect!.ChatUri(provider, target.Model, basics.Stream);
        using var call = await upstreamClient.SendAsync(provider, credential, uri, body, basics.Stream, null, context.RequestAborted).ConfigureAwait(false);
        if (!call.Response.IsSuccessStatusCode)
        {
            return await executor.RelayFailureAsync(context, call, target.Model, WriteError, record).ConfigureAwait(false);
        }

        executor.OnUpstreamSuccess(call, target.Model);
        if (!basics.Stream)
        {
            var tokens = await ChatExecutor.RelayAnswerAsync(context, call, UsageOf).ConfigureAwait(false);
            return record with { Status = 200, Tokens = tokens };
        }

        var upstream = await call.Response.Content.ReadAsStreamAsync(call.Token).ConfigureAwait(false);
        await using (upstream.ConfigureAwait(false))
        {
            var tally = new StreamTally(timeProvider);
            await WriteEventsAsync(context, HubStream.RelayAsync(call, upstream, new GeminiStreamDecoder(), tally, ErrorEvent), executor.KeepAliveInterval, timeProvider).ConfigureAwait(false);
            return ChatExecutor.Tallied(record, tally);
        }
    }

    private static SseItem<ReadOnlyMemory<byte>> ErrorEvent(GatewayError error) => new(GeminiErrors.Serialize(error));

    private static TokenUsage UsageOf(ReadOnlySpan<byte> body)
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
