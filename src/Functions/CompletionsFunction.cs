using LlmGateway.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace LlmGateway.Functions;

public sealed class CompletionsFunction(GatewayEndpoints gateway)
{
    [Function("Completions")]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/completions")] HttpRequest request) => gateway.Completions(request);
}
