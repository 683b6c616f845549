using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using LlmGateway.Http;

namespace LlmGateway.Execution;

/// <summary>
/// Removes an upstream key from what an upstream sent back: error bodies (some echo the key, whole or in part), and
/// whole keys in successful bodies and stream events, which reach the client as they came or translated.
/// </summary>
internal static class SecretScrubber
{
    private const int MinimumPartLength = 8;

    private static ReadOnlySpan<byte> Mask => "***"u8;

    /// <summary>Replaces every whole <paramref name="secret"/> in <paramref name="body"/> (rare: a copy only then).</summary>
    public static void ScrubInPlace(PooledBuffer body, ReadOnlySpan<byte> secret)
    {
        if (secret.IsEmpty || body.Span.IndexOf(secret) < 0)
        {
            return;
        }

        var replaced = Replace(body.Span, secret);
        body.Truncate(0);
        replaced.CopyTo(body.GetSpan(replaced.Length));
        body.Advance(replaced.Length);
    }

    /// <summary>
    /// Each event with every whole <paramref name="secret"/> in its data replaced. An event is whole when it gets
    /// here (parsed or encoded), so a key cannot hide across two of them; events without it pass untouched.
    /// </summary>
    public static IAsyncEnumerable<SseItem<ReadOnlyMemory<byte>>> ScrubEvents(IAsyncEnumerable<SseItem<ReadOnlyMemory<byte>>> events, ReadOnlyMemory<byte> secret) =>
        secret.IsEmpty ? events : ScrubEventsCore(events, secret);

    private static async IAsyncEnumerable<SseItem<ReadOnlyMemory<byte>>> ScrubEventsCore(
        IAsyncEnumerable<SseItem<ReadOnlyMemory<byte>>> events, ReadOnlyMemory<byte> secret, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var item in events.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (item.Data.Span.IndexOf(secret.Span) < 0)
            {
                yield return item;
                continue;
            }

            var scrubbed = Replace(item.Data.Span, secret.Span);
            // SseItem reports "message" for an event without an event line; keep it without one.
            var eventType = item.EventType == SseParser.EventTypeDefault ? null : item.EventType;
            yield return new SseItem<ReadOnlyMemory<byte>>(scrubbed, eventType) { EventId = item.EventId, ReconnectionInterval = item.ReconnectionInterval };
        }
    }

    /// <summary>An error body without <paramref name="secret"/>, whole or as its masked tail (<c>sk-...wxyz1234</c>).</summary>
    public static byte[] Scrub(ReadOnlySpan<byte> body, string? secret)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return body.ToArray();
        }

        var scrubbed = Replace(body, Encoding.UTF8.GetBytes(secret));

        // Also the key's tail, which some upstreams echo in masked form.
        return secret.Length >= MinimumPartLength * 2 ? Replace(scrubbed, Encoding.UTF8.GetBytes(secret[^MinimumPartLength..])) : scrubbed;
    }

    /// <summary>A copy of <paramref name="data"/> with every <paramref name="secret"/> replaced by <c>***</c>.</summary>
    private static byte[] Replace(ReadOnlySpan<byte> data, ReadOnlySpan<byte> secret)
    {
        if (data.IndexOf(secret) < 0)
        {
            return data.ToArray();
        }

        var output = new PooledBuffer(data.Length + Mask.Length);
        using (output)
        {
            while (true)
            {
                var at = data.IndexOf(secret);
                var part = at < 0 ? data : data[..at];
                part.CopyTo(output.GetSpan(part.Length));
                output.Advance(part.Length);
                if (at < 0)
                {
                    return output.Span.ToArray();
                }

                Mask.CopyTo(output.GetSpan(Mask.Length));
                output.Advance(Mask.Length);
                data = data[(at + secret.Length)..];
            }
        }
    }
}
