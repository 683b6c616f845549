using System.Diagnostics;

namespace LlmGateway.LoadHarness;

/// <summary>Percentiles (nearest rank) of a set of latencies, in milliseconds.</summary>
internal readonly record struct LatencyStats(int Count, double P50, double P90, double P99, double Max, double Mean)
{
    /// <summary>Stats of the non-negative <see cref="Stopwatch"/> tick counts in <paramref name="ticks"/> (negative = failed).</summary>
    public static LatencyStats From(ReadOnlySpan<long> ticks)
    {
        var sorted = new long[ticks.Length];
        var count = 0;
        foreach (var t in ticks)
        {
            if (t >= 0)
            {
                sorted[count++] = t;
            }
        }

        if (count == 0)
        {
            return default;
        }

        var valid = sorted.AsSpan(0, count);
        valid.Sort();
        double sum = 0;
        foreach (var t in valid)
        {
            sum += t;
        }

        return new LatencyStats(
            count,
            Milliseconds(Rank(valid, 0.50)),
            Milliseconds(Rank(valid, 0.90)),
            Milliseconds(Rank(valid, 0.99)),
            Milliseconds(valid[^1]),
            Milliseconds(sum / count));
    }

    public static double Milliseconds(double ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    private static long Rank(ReadOnlySpan<long> sorted, double quantile) =>
        sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];
}
