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
internal sealed class OpenAIChatSurface(ChatExecutor executor, UpstreamClient upstreamClient, TimeProvider timeProvider) : IChatSurface
{
    private static readonly byte[] KeepAliveComment = ": keep-alive\n\n"u8.ToArray();

    public WireFormat Format => WireFormat.OpenAIChat;

    public string Endpoint => "chat/completions";

    public ErrorWriter WriteError { get; } = OpenAIErrors.WriteAsync;

    public ReadOnlyMemory<byte> KeepAlive => KeepAliveComment;

    public ChatBasics ReadBasics(HttpRequest request, JsonElement root)
    {
        var info = ChatRequestInfo.Read(root);
        return new ChatBasics(info.Model, info.Stream, info.IncludeUsage);
    }

    public CanonicalRequest Decode(JsonElement root, ChatBasics basics) => OpenAIChatCodec.DecodeRequest(root);

    public void EncodeResponse(CanonicalResponse response, IBufferWriter<byte> output) =>
        OpenAIChatCodec.EncodeResponse(response, output, timeProvider.GetUtcNow().ToUnixTimeSeconds());

    public IStreamEncoder CreateStreamEncoder(CanonicalRequest request, long created) => new OpenAIStreamEncoder(request.IncludeUsage, created);

    public Task WriteEventsAsync(HttpContext context, IAsyncEnumerable<SseItem<ReadOnlyMemory<byte>>> events, TimeSpan keepAliveInterval, TimeProvider timeProvider) =>
        SseResponse.WriteAsync(context, events, KeepAlive, keepAliveInterval, timeProvider);

    public async Task<UsageRecord> PassThroughAsync(PassThroughRequest request)
    {
        var (context, body, root, basics, target, provider, credential, record) = request;
        using var upstreamBody = ChatRequestRewriter.Rewrite(body, root, target.Model, includeUsage: basics.Stream);
        using var call = await upstreamClient.SendAsync(provider, credential, provider.Dialect!.ChatUri(provider, target.Model, basics.Stream), upstreamBody.Memory, basics.Stream, null, context.RequestAborted)
            .ConfigureAwait(false);
        if (!call.Response.IsSuccessStatusCode)
        {
            return await executor.RelayFailureAsync(context, call, target.Model, WriteError, record).ConfigureAwait(false);
        }

        executor.OnUpstreamSuccess(call, target.Model);
        if (!basics.Stream)
        {
            var tokens = await ChatExecutor.RelayAnswerAsync(context, call, static body => ChatChunkInfo.Read(body).Usage ?? default).ConfigureAwait(false);
            return record with { Status = 200, Tokens = tokens };
        }

        var mediaType = call.Response.Content.Headers.ContentType?.MediaType;
        if (!string.Equals(mediaType, "text/event-stream", StringComparison.OrdinalIgnoreCase))
        {
            throw new GatewayErrorException(new GatewayError(502, "upstream_not_streaming",
                $"Upstream '{provider.Name}' answered a stream request with '{mediaType}' instead of an event stream."));
        }

        var upstream = await call.Response.Content.ReadAsStreamAsync(call.Token).ConfigureAwait(false);
        await using (upstream.ConfigureAwait(false))
        {
            var relay = new ChatStreamRelay(call, basics.IncludeUsage, timeProvider);
            await SseResponse.WriteAsync(context, relay.RelayAsync(upstream, context.RequestAborted), KeepAlive, executor.KeepAliveInterval, timeProvider)
                .ConfigureAwait(false);
            return record with
            {
                Status = 200,
                Tokens = relay.Usage ?? default,
                TimeToFirstTokenMs = relay.TimeToFirstChunk?.TotalMilliseconds,
                ErrorClass = relay.ErrorClass,
            };
        }
    }
}
