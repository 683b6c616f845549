namespace LlmGateway.Execution;

/// <summary>
/// Why one attempt did not answer: the error to show the client if it is the last, and, for an upstream HTTP
/// error, the upstream's own answer (relayed as it came when the client speaks the upstream's format) and its
/// message, quoted when the gateway answers for it (every credential cooling down).
/// </summary>
internal sealed record AttemptFailure(Http.GatewayError Error, UpstreamFailure? Upstream = null, bool PassThrough = false, string? UpstreamMessage = null);
