namespace LlmGateway.Configuration;

/// <summary>
/// <c>Gateway:Affinity</c>: requests carrying the same value in <see cref="Header"/> stay on one credential
/// (prompt caches are per key), and move to another only when it is unavailable.
/// </summary>
public sealed class AffinityOptions
{
    /// <summary>The request header whose value binds a session to a credential; empty turns affinity off.</summary>
    public string? Header { get; set; } = "X-Session-Affinity";

    /// <summary>Minutes a binding lasts after its last use (default 60).</summary>
    public double TtlMinutes { get; set; } = 60;
}
