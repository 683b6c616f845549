using LlmGateway.Http;

namespace LlmGateway.Translation;

internal sealed record StreamFailed(GatewayError Error) : StreamEvent;
