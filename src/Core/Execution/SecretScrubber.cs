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

    /// <summary>Replaces every whole <paramref name="secret"/> in <paramref name="body"/>, in place.</summary>
    public static void ScrubInPlace(PooledBuffer body, ReadOnlySpan<byte> secret)
    {
        if (secret.IsEmpty || body.Span.IndexOf(secret) < 0)
        {
            return;
        }

        if (secret.Length >= Mask.Length)
        {
            body.Truncate(Compact(body.WrittenSpan, secret));
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

    private static byte[] Replace(ReadOnlySpan<byte> data, ReadOnlySpan<byte> secret)
    {
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

    /// <summary>
    /// Replaces every <paramref name="secret"/> (at least as long as the mask) with <c>***</c>, moving the rest
    /// left; the new length.
    /// </summary>
    private static int Compact(Span<byte> data, ReadOnlySpan<byte> secret)
    {
        var read = 0;
        var write = 0;
        while (read < data.Length)
        {
            var at = data[read..].IndexOf(secret);
            var end = at < 0 ? data.Length : read + at;
            data[read..end].CopyTo(data[write..]);
            write += end - read;
            if (at < 0)
            {
                break;
            }

            Mask.CopyTo(data[write..]);
            write += Mask.Length;
            read = end + secret.Length;
        }

        return write;
    }

    public static byte[] Scrub(ReadOnlySpan<byte> body, string? secret)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return body.ToArray();
        }

        var text = Encoding.UTF8.GetString(body);
        var scrubbed = text.Replace(secret, "***", StringComparison.Ordinal);

        // Also the key's tail, which some upstreams echo in masked form ("sk-...wxyz1234").
        if (secret.Length >= MinimumPartLength * 2)
        {
            scrubbed = scrubbed.Replace(secret[^MinimumPartLength..], "***", StringComparison.Ordinal);
        }

        return ReferenceEquals(scrubbed, text) ? body.ToArray() : Encoding.UTF8.GetBytes(scrubbed);
    }
}
