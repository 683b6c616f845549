using LlmGateway.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace LlmGateway.Functions;

public sealed class CountTokensFunction(GatewayEndpoints gateway)
{
    [Function("CountTokens")]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/messages/count_tokens")] HttpRequest request) => gateway.CountTokens(request);
}
