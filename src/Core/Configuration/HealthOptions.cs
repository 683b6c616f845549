namespace LlmGateway.Configuration;

/// <summary><c>Gateway:Health</c>: how long an upstream failure takes a credential out of rotation.</summary>
public sealed class HealthOptions
{
    /// <summary>429 without a delay from the upstream: the first cooldown, doubled on each further 429 (default 1 s).</summary>
    public double RateLimitInitialSeconds { get; set; } = 1;

    /// <summary>The ceiling of the doubling 429 cooldown (default 30 min).</summary>
    public double RateLimitMaxSeconds { get; set; } = 1800;

    /// <summary>401, 402 or 403: the whole credential is out (default 30 min).</summary>
    public double AuthFailureSeconds { get; set; } = 1800;

    /// <summary>404 on a chat call: that model on that credential is out (default 12 h).</summary>
    public double ModelNotFoundSeconds { get; set; } = 43200;

    /// <summary>408, 5xx, a timeout or a failed connection (default 60 s).</summary>
    public double ServerErrorSeconds { get; set; } = 60;
}
