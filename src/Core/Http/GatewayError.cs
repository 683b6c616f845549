namespace LlmGateway.Http;

/// <summary>
/// A failure the gateway answers itself, independent of the caller's protocol; each surface renders it in its
/// own error shape. <see cref="Code"/> is a stable machine-readable code.
/// </summary>
internal sealed record GatewayError(int Status, string Code, string Message, string? Param = null)
{
    /// <summary>Seconds for a <c>Retry-After</c> header, when the caller should come back later.</summary>
    public int? RetryAfterSeconds { get; init; }

    public static GatewayError BadRequest(string message, string? param = null, string code = "invalid_request") => new(400, code, message, param);
}
