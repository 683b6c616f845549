using LlmGateway.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace LlmGateway.Functions;

public sealed class ResponsesCompactFunction(GatewayEndpoints gateway)
{
    [Function("ResponsesCompact")]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/responses/compact")] HttpRequest request) => gateway.ResponsesCompact(request);
}
