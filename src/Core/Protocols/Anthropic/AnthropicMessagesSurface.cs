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
            await SseResponse.WriteAsync(context, RelayAsync(call, upstream, tally), KeepAlive, executor.KeepAliveInterval, timeProvider).ConfigureAwait(false);
            return ChatExecutor.Tallied(record, tally);
        }
    }

    /// <summary>
    /// The upstream's events relayed with their event names and data as they came. A decoder reads along for
    /// usage; if the upstream breaks off or ends early, an in-band <c>error</c> event terminates the stream.
    /// </summary>
    private static async IAsyncEnumerable<SseItem<ReadOnlyMemory<byte>>> RelayAsync(UpstreamCall call, Stream upstream, StreamTally tally, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var decoder = new AnthropicStreamDecoder();
        var parser = SseParser.Create(upstream, static (_, data) => data.ToArray());
        var items = parser.EnumerateAsync(call.Token).GetAsyncEnumerator(call.Token);
        var events = new List<StreamEvent>(4);
        GatewayError? failure = null;
        try
        {
            while (true)
            {
                bool hasNext;
                try
                {
                    hasNext = await items.MoveNextAsync().ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (call.TimedOut)
                {
                    failure = new GatewayError(504, "upstream_timeout", $"Upstream '{call.Provider.Name}' sent nothing for {call.Provider.IdleTimeout.TotalSeconds:0.###} s.");
                    break;
                }
                catch (Exception ex) when (ex is IOException or HttpRequestException)
                {
                    failure = new GatewayError(502, "upstream_stream_error", $"Upstream '{call.Provider.Name}' broke the stream off.");
                    break;
                }

                if (!hasNext)
                {
                    decoder.Complete(events);
                    failure = Observe(events, tally);
                    break;
                }

                call.ResetIdleTimer();
                var item = items.Current;
                decoder.Decode(item.EventType, item.Data, events);
                var upstreamError = Observe(events, tally);
                yield return new SseItem<ReadOnlyMemory<byte>>(item.Data, item.EventType);
                if (upstreamError is not null || decoder.Finished)
                {
                    yield break;
                }
            }

            if (failure is not null)
            {
                tally.Observe(new StreamFailed(failure));
                yield return new SseItem<ReadOnlyMemory<byte>>(AnthropicErrors.Serialize(failure), "error");
            }
        }
        finally
        {
            await items.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static GatewayError? Observe(List<StreamEvent> events, StreamTally tally)
    {
        GatewayError? failed = null;
        foreach (var streamEvent in events)
        {
            tally.Observe(streamEvent);
            if (streamEvent is StreamFailed f)
            {
                failed = f.Error;
            }
        }

        events.Clear();
        return failed;
    }

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
