using LlmGateway.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace LlmGateway.Functions;

public sealed class ManagementFunction(GatewayEndpoints gateway)
{
    [Function("Management")]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "patch", "delete", Route = "v0/management/{*path}")] HttpRequest request, string? path) => gateway.Management(request, path);
}
