using LlmGateway.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace LlmGateway.Functions;

/// <summary>Anthropic Messages routes. Each trigger hands the request to Core in one line.</summary>
public sealed class AnthropicFunctions(GatewayEndpoints gateway)
{
    [Function("Messages")]
    public IActionResult Messages([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/messages")] HttpRequest request) => gateway.Messages(request);

    [Function("CountTokens")]
    public IActionResult CountTokens([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/messages/count_tokens")] HttpRequest request) => gateway.CountTokens(request);
}
