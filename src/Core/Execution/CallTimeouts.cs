namespace LlmGateway.Execution;

/// <summary>An upstream call's clocks: <see cref="Linked"/> fires on any of the client leaving, the idle/first-byte wait, or the total limit.</summary>
internal sealed record CallTimeouts(CancellationTokenSource Linked, CancellationTokenSource Wait, CancellationTokenSource Total) : IDisposable
{
    public void Dispose()
    {
        Linked.Dispose();
        Wait.Dispose();
        Total.Dispose();
    }
}
