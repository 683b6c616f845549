using LlmGateway.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace LlmGateway.Functions;

public sealed class ListModelsFunction(GatewayEndpoints gateway)
{
    [Function("ListModels")]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/models")] HttpRequest request) => gateway.ListModels(request);
}
