using LlmGateway.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace LlmGateway.Functions;

public sealed class HealthFunction(GatewayEndpoints gateway)
{
    [Function("Health")]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "healthz")] HttpRequest request) => gateway.Health(request);
}
