using LlmGateway.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace LlmGateway.Functions;

public sealed class GeminiListModelsFunction(GatewayEndpoints gateway)
{
    [Function("GeminiListModels")]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1beta/models")] HttpRequest request) => gateway.GeminiListModels(request);
}
