namespace LlmGateway.Configuration;

/// <summary><c>Gateway:Retry</c>: how hard the gateway tries before a client sees an error.</summary>
public sealed class RetryOptions
{
    /// <summary>Attempts per target (across its credentials) before moving to the next fallback target (default 3).</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>
    /// Longest total time a request may spend waiting for a cooling credential to come back (default 30 s).
    /// A cooldown that ends later is not waited for: the client gets 429 with <c>Retry-After</c>.
    /// </summary>
    public double MaxWaitSeconds { get; set; } = 30;
}
