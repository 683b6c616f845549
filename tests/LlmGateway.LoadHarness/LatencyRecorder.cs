using System.Diagnostics;

namespace LlmGateway.LoadHarness;

/// <summary>
/// Preallocated sample arrays for one target: time to last byte and to first body byte of each request, in
/// <see cref="Stopwatch"/> ticks (-1 for a failed request), plus failures and the time spent sending.
/// </summary>
internal sealed class LatencyRecorder(int capacity)
{
    private readonly long[] _lastByte = new long[capacity];
    private readonly long[] _firstByte = new long[capacity];
    private int _failures;
    private string? _firstError;

    public int Capacity => capacity;

    /// <summary>Samples written so far (the next free index).</summary>
    public int Count { get; set; }

    public long ElapsedTicks { get; set; }

    /// <summary>CPU time the whole process used while this target was being measured (user and kernel).</summary>
    public TimeSpan CpuTime { get; set; }

    public int Failures => Volatile.Read(ref _failures);

    public string? FirstError => _firstError;

    public void Record(int index, long firstByte, long lastByte)
    {
        _firstByte[index] = firstByte;
        _lastByte[index] = lastByte;
    }

    public void Fail(int index, string error)
    {
        _firstByte[index] = -1;
        _lastByte[index] = -1;
        Interlocked.Increment(ref _failures);
        Interlocked.CompareExchange(ref _firstError, error, null);
    }

    public LatencyStats LastByte() => LatencyStats.From(_lastByte.AsSpan(0, Count));

    public LatencyStats FirstByte() => LatencyStats.From(_firstByte.AsSpan(0, Count));

    /// <summary>Process CPU time per successful request, in microseconds: client, mock and (if in the path) proxy or gateway.</summary>
    public double CpuMicrosecondsPerRequest => Count == Failures ? 0 : CpuTime.TotalMicroseconds / (Count - Failures);

    public double RequestsPerSecond => ElapsedTicks == 0 ? 0 : (Count - Failures) / ((double)ElapsedTicks / Stopwatch.Frequency);
}
