using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;

namespace LlmGateway.Execution;

/// <summary>
/// Holds a stream back until its first item, so a stream that fails before the upstream sent any event can still
/// go to another credential: nothing has reached the client yet. Waits at most the keep-alive interval; a slower
/// first event is not held back further (the client must get its keep-alives), and then failures are in-band.
/// </summary>
internal static class PrimedStream
{
    /// <summary>The stream ready to write, or null when it failed before its first upstream event.</summary>
    public static async Task<IAsyncEnumerable<SseItem<ReadOnlyMemory<byte>>>?> PrimeAsync(
        IAsyncEnumerable<SseItem<ReadOnlyMemory<byte>>> events, StreamTally tally, TimeSpan patience, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var enumerator = events.GetAsyncEnumerator(cancellationToken);
        var first = enumerator.MoveNextAsync();
        if (!first.IsCompleted)
        {
            var pending = first.AsTask();
            using var delay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var winner = await Task.WhenAny(pending, Task.Delay(patience, timeProvider, delay.Token)).ConfigureAwait(false);
            await delay.CancelAsync().ConfigureAwait(false);
            if (winner != pending)
            {
                return Continue(enumerator, new ValueTask<bool>(pending));
            }

            first = new ValueTask<bool>(pending);
        }

        bool hasFirst;
        try
        {
            hasFirst = await first.ConfigureAwait(false);
        }
        catch
        {
            await enumerator.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        if (tally.FailedBeforeFirstEvent)
        {
            await enumerator.DisposeAsync().ConfigureAwait(false);
            return null;
        }

        return Continue(enumerator, new ValueTask<bool>(hasFirst));
    }

    private static async IAsyncEnumerable<SseItem<ReadOnlyMemory<byte>>> Continue(
        IAsyncEnumerator<SseItem<ReadOnlyMemory<byte>>> enumerator, ValueTask<bool> first, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        try
        {
            if (!await first.ConfigureAwait(false))
            {
                yield break;
            }

            yield return enumerator.Current;
            while (await enumerator.MoveNextAsync().ConfigureAwait(false))
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return enumerator.Current;
            }
        }
        finally
        {
            await enumerator.DisposeAsync().ConfigureAwait(false);
        }
    }
}
