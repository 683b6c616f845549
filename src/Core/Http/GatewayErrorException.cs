namespace LlmGateway.Http;

/// <summary>Carries a <see cref="GatewayError"/> from deep in a handler to the surface's error writer.</summary>
internal sealed class GatewayErrorException(GatewayError error) : Exception(error.Message)
{
    public GatewayError Error { get; } = error;
}
