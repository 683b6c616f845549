namespace LlmGateway.Execution;

/// <summary>What an upstream failure means for the request: try another credential or target, or answer now.</summary>
internal enum FailureVerdict
{
    /// <summary>The credential (or the model on it) is unhealthy: cooled down; another one may serve the request.</summary>
    Retry,

    /// <summary>The request itself is at fault (400, 413, 422, context length): answered at once, no cooldown.</summary>
    RequestFault,
}
