using LlmGateway.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace LlmGateway.Functions;

public sealed class GeminiGetModelFunction(GatewayEndpoints gateway)
{
    [Function("GeminiGetModel")]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1beta/models/{*path}")] HttpRequest request, string path) => gateway.GeminiGetModel(request, path);
}
