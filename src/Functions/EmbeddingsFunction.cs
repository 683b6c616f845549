using LlmGateway.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace LlmGateway.Functions;

public sealed class EmbeddingsFunction(GatewayEndpoints gateway)
{
    [Function("Embeddings")]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/embeddings")] HttpRequest request) => gateway.Embeddings(request);
}
