using System.Diagnostics;

namespace LlmGateway.LoadHarness;

/// <summary>
/// A closed loop: <c>concurrency</c> workers each send one request, read the answer to its last byte, and send the
/// next, until <c>count</c> requests are done. Each worker reuses one read buffer; per request only the
/// <see cref="HttpRequestMessage"/> and what the HTTP stack itself allocates are new.
/// </summary>
internal static class LoadRunner
{
    private const int BufferSize = 16 * 1024;

    /// <summary>Sends <paramref name="count"/> requests; samples go to <paramref name="recorder"/> when given.</summary>
    public static async Task RunAsync(LoadTarget target, int concurrency, int count, LatencyRecorder? recorder, CancellationToken cancellationToken)
    {
        var offset = recorder?.Count ?? 0;
        var end = offset + count;
        var next = offset;
        var started = Stopwatch.GetTimestamp();
        var cpu = Environment.CpuUsage.TotalTime;
        var workers = new Task[Math.Min(concurrency, count)];
        for (var w = 0; w < workers.Length; w++)
        {
            workers[w] = Task.Run(() => WorkerAsync(target, () => Interlocked.Increment(ref next) - 1, end, recorder, cancellationToken), cancellationToken);
        }

        await Task.WhenAll(workers).ConfigureAwait(false);
        if (recorder is not null)
        {
            recorder.ElapsedTicks += Stopwatch.GetTimestamp() - started;
            recorder.CpuTime += Environment.CpuUsage.TotalTime - cpu;
            recorder.Count = end;
        }
    }

    private static async Task WorkerAsync(LoadTarget target, Func<int> claim, int end, LatencyRecorder? recorder, CancellationToken cancellationToken)
    {
        var buffer = new byte[BufferSize];
        var tail = new byte[target.Tail.Length];
        int index;
        while ((index = claim()) < end)
        {
            try
            {
                var (firstByte, lastByte, error) = await SendOnceAsync(target, buffer, tail, cancellationToken).ConfigureAwait(false);
                if (error is null)
                {
                    recorder?.Record(index, firstByte, lastByte);
                }
                else
                {
                    recorder?.Fail(index, error);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                recorder?.Fail(index, ex.GetType().Name + ": " + ex.Message);
            }
        }
    }

    private static async Task<(long FirstByte, long LastByte, string? Error)> SendOnceAsync(
        LoadTarget target, byte[] buffer, byte[] tail, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        long first = 0;
        long total = 0;
        using var request = target.CreateRequest();
        using var response = await target.Client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (first == 0)
                {
                    first = Stopwatch.GetTimestamp();
                }

                KeepTail(tail, buffer.AsSpan(0, read));
                total += read;
            }
        }

        var last = Stopwatch.GetTimestamp();
        if ((int)response.StatusCode != 200)
        {
            return (0, 0, $"{target.Name}: status {(int)response.StatusCode}");
        }

        if (total < tail.Length || !tail.AsSpan().SequenceEqual(target.Tail))
        {
            return (0, 0, $"{target.Name}: the answer ({total} bytes) does not end as expected");
        }

        return (first - start, last - start, null);
    }

    /// <summary>Keeps the last <c>tail.Length</c> bytes seen.</summary>
    private static void KeepTail(byte[] tail, ReadOnlySpan<byte> chunk)
    {
        if (chunk.Length >= tail.Length)
        {
            chunk[^tail.Length..].CopyTo(tail);
            return;
        }

        tail.AsSpan(chunk.Length).CopyTo(tail);
        chunk.CopyTo(tail.AsSpan(tail.Length - chunk.Length));
    }
}
