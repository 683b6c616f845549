namespace LlmGateway.Execution;

/// <summary>An upstream that answered 2xx but failed before the client saw anything: another credential may try.</summary>
internal sealed class RetryableException(Http.GatewayError error) : Exception(error.Message)
{
    public Http.GatewayError Error { get; } = error;
}
