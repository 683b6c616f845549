using LlmGateway.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace LlmGateway.Functions;

public sealed class GeminiFunction(GatewayEndpoints gateway)
{
    [Function("Gemini")]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1beta/models/{*path}")] HttpRequest request, string path) => gateway.Gemini(request, path);
}
