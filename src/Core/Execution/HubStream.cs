using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using LlmGateway.Http;
using LlmGateway.Translation;

namespace LlmGateway.Execution;

/// <summary>
/// The hub's stream plumbing: an upstream's SSE decoded into hub events (failures become a final
/// <see cref="StreamFailed"/>), and hub events encoded for the client, terminated on every path.
/// </summary>
internal static class HubStream
{
    /// <summary>Hub events from an upstream stream, decoded as they arrive; always ends finished or failed.</summary>
    public static async IAsyncEnumerable<StreamEvent> DecodeAsync(UpstreamCall call, Stream upstream, IStreamDecoder decoder)
    {
        var parser = SseParser.Create(upstream, static (_, data) => data.ToArray());
        var items = parser.EnumerateAsync(call.Token).GetAsyncEnumerator(call.Token);
        var events = new List<StreamEvent>(4);
        try
        {
            while (true)
            {
                var (hasNext, failure) = await NextAsync(call, items).ConfigureAwait(false);
                if (failure is not null)
                {
                    yield return new StreamFailed(failure);
                    yield break;
                }

                if (!hasNext)
                {
                    break;
                }

                call.ResetIdleTimer();
                var item = items.Current;
                decoder.Decode(item.EventType, item.Data, events);
                foreach (var streamEvent in events)
                {
                    yield return streamEvent;
                    if (streamEvent is StreamFailed)
                    {
                        yield break;
                    }
                }

                events.Clear();
                if (decoder.Finished)
                {
                    break;
                }
            }

            decoder.Complete(events);
            foreach (var streamEvent in events)
            {
                yield return streamEvent;
            }
        }
        finally
        {
            await items.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Hub events as mock-made or decoded events, encoded for the client; the encoder terminates the stream.</summary>
    public static async IAsyncEnumerable<SseItem<ReadOnlyMemory<byte>>> EncodeAsync(
        IAsyncEnumerable<StreamEvent> events,
        IStreamEncoder encoder,
        StreamTally tally,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var output = new List<SseItem<ReadOnlyMemory<byte>>>(4);
        await foreach (var streamEvent in events.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            tally.Observe(streamEvent);
            encoder.Encode(streamEvent, output);
            foreach (var item in output)
            {
                yield return item;
            }

            output.Clear();
        }

        encoder.Complete(output);
        foreach (var item in output)
        {
            yield return item;
        }
    }

    /// <summary>
    /// A same-format stream relayed as it came: each upstream event with its event name and data, untouched. The
    /// format's decoder reads along for the tally (usage, finish); an upstream error event is relayed and ends the
    /// stream; a break-off, an idle timeout or an early end adds the surface's in-band error as the last event.
    /// </summary>
    public static async IAsyncEnumerable<SseItem<ReadOnlyMemory<byte>>> RelayAsync(
        UpstreamCall call,
        Stream upstream,
        IStreamDecoder decoder,
        StreamTally tally,
        Func<GatewayError, SseItem<ReadOnlyMemory<byte>>> errorEvent)
    {
        var parser = SseParser.Create(upstream, static (_, data) => data.ToArray());
        var items = parser.EnumerateAsync(call.Token).GetAsyncEnumerator(call.Token);
        var events = new List<StreamEvent>(4);
        GatewayError? failure;
        try
        {
            while (true)
            {
                (var hasNext, failure) = await NextAsync(call, items).ConfigureAwait(false);
                if (failure is not null)
                {
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

                // SseParser reports "message" for frames without an event line; keep them without one.
                yield return new SseItem<ReadOnlyMemory<byte>>(item.Data, item.EventType == SseParser.EventTypeDefault ? null : item.EventType);
                if (upstreamError is not null || decoder.Finished)
                {
                    yield break;
                }
            }

            if (failure is not null)
            {
                tally.Observe(new StreamFailed(failure));
                yield return errorEvent(failure);
            }
        }
        finally
        {
            await items.DisposeAsync().ConfigureAwait(false);
        }
    }

    public static async IAsyncEnumerable<StreamEvent> FromSync(IEnumerable<StreamEvent> events)
    {
        foreach (var streamEvent in events)
        {
            yield return streamEvent;
        }

        await Task.CompletedTask.ConfigureAwait(false);
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

    /// <summary>The next upstream SSE item; a timeout or a broken connection becomes the failure to report in-band.</summary>
    internal static async ValueTask<(bool HasNext, GatewayError? Failure)> NextAsync(UpstreamCall call, IAsyncEnumerator<SseItem<byte[]>> items)
    {
        try
        {
            return (await items.MoveNextAsync().ConfigureAwait(false), null);
        }
        catch (OperationCanceledException) when (call.TimedOut)
        {
            return (false, call.TimeoutError());
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            return (false, new GatewayError(502, "upstream_stream_error", $"Upstream '{call.Provider.Name}' broke the stream off."));
        }
    }
}
