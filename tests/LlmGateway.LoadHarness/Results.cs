namespace LlmGateway.LoadHarness;

/// <summary>One path's measurements in one scenario at one concurrency.</summary>
internal sealed record TargetResult(string Name, LatencyStats LastByte, LatencyStats FirstByte, double RequestsPerSecond, double CpuMicroseconds, int Failures, string? FirstError);

/// <summary>A latency scenario at one concurrency: direct, bare proxy (optional) and gateway.</summary>
internal sealed record ScenarioResult(Scenario Scenario, int Concurrency, IReadOnlyList<TargetResult> Targets)
{
    public TargetResult Direct => Targets.First(t => t.Name == HarnessRunner.Direct);

    public TargetResult Gateway => Targets.First(t => t.Name == HarnessRunner.Gateway);

    public TargetResult? Proxy => Targets.FirstOrDefault(t => t.Name == HarnessRunner.Proxy);

    public int Failures => Targets.Sum(t => t.Failures);
}

/// <summary>What the fan-out scenario saw: every stream's frames checked against what the mock sent.</summary>
internal sealed record FanOutResult(
    int Streams,
    int HeldAtOnce,
    int Completed,
    int Failed,
    long FramesExpected,
    long FramesMatched,
    long LostFrames,
    long UnexpectedFrames,
    int Unterminated,
    long MockFramesSent,
    long MockFramesExpected,
    double SecondsToAllOpen,
    double SecondsTotal,
    string? FirstError)
{
    public bool Correct => Failed == 0 && LostFrames == 0 && UnexpectedFrames == 0 && Unterminated == 0 && MockFramesSent == MockFramesExpected;
}
