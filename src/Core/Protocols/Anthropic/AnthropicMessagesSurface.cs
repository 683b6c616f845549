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
internal sealed class AnthropicMessagesSurface(ChatExecutor executor, UpstreamClient upstreamClient, TimeProvider timeProvider) : IChatSurface
{
    private static readonly byte[] Ping = SseResponse.Format("ping", "{\"type\":\"ping\"}"u8);

    public WireFormat Format => WireFormat.AnthropicMessages;

    public string Endpoint => "messages";

    public ErrorWriter WriteError { get; } = AnthropicErrors.WriteAsync;

    public ReadOnlyMemory<byte> KeepAlive => Ping;

    public ChatBasics ReadBasics(HttpRequest request, JsonElement root)
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

    public CanonicalRequest Decode(JsonElement root, ChatBasics basics) => AnthropicCodec.DecodeRequest(root);

    public void EncodeResponse(CanonicalResponse response, IBufferWriter<byte> output) => AnthropicCodec.EncodeResponse(response, output);

    public IStreamEncoder CreateStreamEncoder(CanonicalRequest request, long created) => new AnthropicStreamEncoder(TokenEstimator.Estimate(request));

    public Task WriteEventsAsync(HttpContext context, IAsyncEnumerable<SseItem<ReadOnlyMemory<byte>>> events, TimeSpan keepAliveInterval, TimeProvider timeProvider) =>
        SseResponse.WriteAsync(context, events, KeepAlive, keepAliveInterval, timeProvider);

    public async Task<UsageRecord> PassThroughAsync(PassThroughRequest request)
    {
        var (context, body, root, basics, target, provider, credential, record) = request;
        using var upstreamBody = ChatRequestRewriter.Rewrite(body, root, target.Model, includeUsage: false);
        using var call = await upstreamClient.SendAsync(provider, credential, provider.Dialect!.ChatUri(provider, target.Model, basics.Stream), upstreamBody.Memory, basics.Stream, context.Request.Headers, context.RequestAborted)
            .ConfigureAwait(false);
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
            await SseResponse.WriteAsync(context, HubStream.RelayAsync(call, upstream, new AnthropicStreamDecoder(), tally, ErrorEvent), KeepAlive, executor.KeepAliveInterval, timeProvider).ConfigureAwait(false);
            return ChatExecutor.Tallied(record, tally);
        }
    }

    private static SseItem<ReadOnlyMemory<byte>> ErrorEvent(GatewayError error) => new(AnthropicErrors.Serialize(error), "error");

    private static TokenUsage UsageOf(ReadOnlySpan<byte> body)
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
