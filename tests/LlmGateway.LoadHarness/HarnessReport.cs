using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;

namespace LlmGateway.LoadHarness;

/// <summary>The measurements of one run, printed as Markdown, with the issue's targets checked.</summary>
internal sealed class HarnessReport(HarnessOptions options)
{
    /// <summary>Added p50 allowed for a non-stream 2 KB translated request (ms).</summary>
    public const double AddedP50Target = 0.3;

    /// <summary>Added p99 allowed for a non-stream 2 KB translated request (ms).</summary>
    public const double AddedP99Target = 1.5;

    /// <summary>Concurrent streams the gateway must carry with no lost frame.</summary>
    public const int FanOutTarget = 1000;

    public List<ScenarioResult> Latency { get; } = [];

    public FanOutResult? FanOut { get; set; }

    public TimeSpan WarmUp { get; set; }

    /// <summary>Whether the warm-up ended because the JIT went quiet (not because its time ran out).</summary>
    public bool JitQuiet { get; set; }

    /// <summary>Methods the JIT compiled while latencies were measured (steady state: a handful).</summary>
    public long JitMethodsWhileMeasuring { get; set; }

    public TimeSpan JitTimeWhileMeasuring { get; set; }

    /// <summary>Failed requests, lost or unexpected frames, unterminated streams: the run is wrong, not slow.</summary>
    public bool CorrectnessFailed => Latency.Any(r => r.Failures > 0) || FanOut is { Correct: false };

    public IReadOnlyList<(string Target, string Measured, bool Met)> Targets()
    {
        var targets = new List<(string, string, bool)>();
        if (Latency.FirstOrDefault(r => r.Scenario.Name == "translated" && r.Concurrency == 1) is { } translated)
        {
            var p50 = Added(translated, t => t.LastByte.P50);
            var p99 = Added(translated, t => t.LastByte.P99);
            targets.Add(($"non-stream 2 KB translated, c=1: added p50 ≤ {AddedP50Target} ms", Ms(p50), p50 <= AddedP50Target));
            targets.Add(($"non-stream 2 KB translated, c=1: added p99 ≤ {AddedP99Target} ms", Ms(p99), p99 <= AddedP99Target));
        }

        if (FanOut is { } fanOut)
        {
            targets.Add(($"{FanOutTarget:N0} concurrent streams open at once", $"{fanOut.HeldAtOnce:N0} of {fanOut.Streams:N0}",
                fanOut.HeldAtOnce >= FanOutTarget && fanOut.HeldAtOnce == fanOut.Streams));
            targets.Add(("0 lost frames, every stream terminated", $"{fanOut.LostFrames:N0} lost, {fanOut.Unterminated:N0} unterminated, {fanOut.Failed:N0} failed", fanOut.Correct));
        }

        return targets;
    }

    public int ExitCode => CorrectnessFailed ? 1 : options.Strict && Targets().Any(t => !t.Met) ? 2 : 0;

    public void WriteMarkdown(TextWriter output)
    {
        output.WriteLine("## Load harness results");
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {RuntimeInformation.FrameworkDescription}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC, {(options.Quick ? "--quick" : "default counts")}; client, gateway, bare proxy and mock in one process on loopback."));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Warm-up {WarmUp.TotalSeconds:0.0} s{(JitQuiet ? " until the JIT was quiet" : ", stopped before the JIT was quiet (timings include JIT work)")}; while measuring, the JIT compiled {JitMethodsWhileMeasuring:N0} methods ({JitTimeWhileMeasuring.TotalMilliseconds:N0} ms of JIT time)."));
        if (Latency.Count > 0)
        {
            WriteLatency(output);
            WriteAdded(output);
        }

        if (FanOut is { } fanOut)
        {
            WriteFanOut(output, fanOut);
        }

        output.WriteLine();
        output.WriteLine("| Target | Measured | |");
        output.WriteLine("|---|---:|---|");
        foreach (var (target, measured, met) in Targets())
        {
            output.WriteLine($"| {target} | {measured} | {(met ? "PASS" : "FAIL")} |");
        }

        output.WriteLine();
        output.WriteLine(CorrectnessFailed
            ? "CORRECTNESS FAILURE: " + string.Join("; ", Latency.Where(r => r.Failures > 0).SelectMany(r => r.Targets.Where(t => t.Failures > 0)
                .Select(t => $"{r.Scenario.Name} c={r.Concurrency} {t.Name}: {t.Failures} failed ({t.FirstError})"))
                .Concat(FanOut is { Correct: false } f ? [$"fan-out: {f.FirstError ?? "frames lost, unexpected or unterminated"}"] : []))
            : "Correctness: every request succeeded" + (FanOut is null ? "." : " and every stream arrived whole."));
    }

    private void WriteLatency(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine("Latency per request, ms (first byte: first body bytes of a stream; last byte: the whole answer read):");
        output.WriteLine();
        output.WriteLine("| Scenario | c | Path | Metric | p50 | p90 | p99 | max | req/s | CPU µs/req | failed |");
        output.WriteLine("|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var result in Latency)
        {
            foreach (var target in result.Targets)
            {
                if (result.Scenario.Stream)
                {
                    Row(result, target, "first byte", target.FirstByte);
                }

                Row(result, target, "last byte", target.LastByte);
            }
        }

        void Row(ScenarioResult result, TargetResult target, string metric, LatencyStats stats) =>
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {result.Scenario.Name} | {result.Concurrency} | {target.Name} | {metric} | {stats.P50:0.000} | {stats.P90:0.000} | {stats.P99:0.000} | {stats.Max:0.00} | {target.RequestsPerSecond:N0} | {target.CpuMicroseconds:N0} | {target.Failures} |"));
    }

    private void WriteAdded(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine("Added latency, ms: gateway − direct (what a client sees), bare proxy − direct (the extra hop alone), gateway − bare proxy (the gateway's own work):");
        output.WriteLine();
        output.WriteLine("| Scenario | c | Metric | added p50 | added p99 | hop p50 | hop p99 | gateway work p50 | gateway work p99 | added CPU µs/req | hop CPU µs/req |");
        output.WriteLine("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var result in Latency)
        {
            if (result.Scenario.Stream)
            {
                Row(result, "first byte", t => t.FirstByte);
            }

            Row(result, "last byte", t => t.LastByte);
        }

        void Row(ScenarioResult result, string metric, Func<TargetResult, LatencyStats> stats)
        {
            var gateway = stats(result.Gateway);
            var direct = stats(result.Direct);
            var proxy = result.Proxy is { } p ? stats(p) : (LatencyStats?)null;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {result.Scenario.Name} | {result.Concurrency} | {metric} | {Ms(gateway.P50 - direct.P50)} | {Ms(gateway.P99 - direct.P99)} | {Ms(proxy?.P50 - direct.P50)} | {Ms(proxy?.P99 - direct.P99)} | {Ms(gateway.P50 - proxy?.P50)} | {Ms(gateway.P99 - proxy?.P99)} | {Us(result.Gateway.CpuMicroseconds - result.Direct.CpuMicroseconds)} | {Us(result.Proxy?.CpuMicroseconds - result.Direct.CpuMicroseconds)} |"));
        }
    }

    private static void WriteFanOut(TextWriter output, FanOutResult f)
    {
        output.WriteLine();
        output.WriteLine("Fan-out: concurrent streams through the gateway (half translated, half pass-through), held at the mock until all are open:");
        output.WriteLine();
        output.WriteLine("| Streams | Open at once | Completed | Failed | Frames checked | Lost | Unexpected | Unterminated | Mock frames sent | All open after | Done after |");
        output.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {f.Streams:N0} | {f.HeldAtOnce:N0} | {f.Completed:N0} | {f.Failed:N0} | {f.FramesMatched:N0} / {f.FramesExpected:N0} | {f.LostFrames:N0} | {f.UnexpectedFrames:N0} | {f.Unterminated:N0} | {f.MockFramesSent:N0} / {f.MockFramesExpected:N0} | {f.SecondsToAllOpen:0.00} s | {f.SecondsTotal:0.00} s |"));
    }

    private static double Added(ScenarioResult result, Func<TargetResult, double> metric) => metric(result.Gateway) - metric(result.Direct);

    private static string Us(double? value) => value is { } v ? v.ToString("0", CultureInfo.InvariantCulture) : "—";

    private static string Ms(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "—";
}
