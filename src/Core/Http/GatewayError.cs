namespace LlmGateway.Http;

/// <summary>
/// A failure the gateway answers itself, independent of the caller's protocol; each surface renders it in its
/// own error shape. <see cref="Code"/> is a stable machine-readable code (<see cref="ContextLengthExceeded"/>
/// for context-window errors from any upstream, which each surface renders in its own provider's words).
/// </summary>
internal sealed record GatewayError(int Status, string Code, string Message, string? Param = null)
{
    public const string ContextLengthExceeded = "context_length_exceeded";

    /// <summary>Seconds for a <c>Retry-After</c> header, when the caller should come back later.</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>For context-window errors: the prompt's size in tokens, when the upstream said.</summary>
    public long? PromptTokens { get; init; }

    /// <summary>For context-window errors: the model's limit in tokens, when the upstream said.</summary>
    public long? ContextLimit { get; init; }

    public static GatewayError BadRequest(string message, string? param = null, string code = "invalid_request") => new(400, code, message, param);

    /// <summary>A 400 for a parameter the chosen upstream cannot honour.</summary>
    public static GatewayError Unsupported(string param, string target, string reason) =>
        new(400, "unsupported_parameter", $"Parameter '{param}' is not supported by {target}: {reason}.", param);
}
