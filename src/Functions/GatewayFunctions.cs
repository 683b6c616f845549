using LlmGateway.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace LlmGateway.Functions;

/// <summary>The gateway's own routes: health and the management API. Each trigger hands the request to Core in one line.</summary>
public sealed class GatewayFunctions(GatewayEndpoints gateway)
{
    [Function("Health")]
    public IActionResult Health([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "healthz")] HttpRequest request) => gateway.Health(request);

    [Function("Management")]
    public IActionResult Management([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "patch", "delete", Route = "v0/management/{*path}")] HttpRequest request, string? path) => gateway.Management(request, path);
}
