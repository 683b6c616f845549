using LlmGateway.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace LlmGateway.Functions;

public sealed class GetModelFunction(GatewayEndpoints gateway)
{
    [Function("GetModel")]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/models/{*id}")] HttpRequest request, string id) => gateway.GetModel(request, id);
}
