using LlmGateway.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace LlmGateway.Functions;

/// <summary>OpenAI-shaped routes: chat, completions, embeddings, responses, models, a client's own usage. Each trigger hands the request to Core in one line.</summary>
public sealed class OpenAIFunctions(GatewayEndpoints gateway)
{
    [Function("ChatCompletions")]
    public IActionResult ChatCompletions([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/chat/completions")] HttpRequest request) => gateway.ChatCompletions(request);

    [Function("Completions")]
    public IActionResult Completions([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/completions")] HttpRequest request) => gateway.Completions(request);

    [Function("Embeddings")]
    public IActionResult Embeddings([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/embeddings")] HttpRequest request) => gateway.Embeddings(request);

    [Function("Responses")]
    public IActionResult Responses([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/responses")] HttpRequest request) => gateway.Responses(request);

    [Function("ResponsesCompact")]
    public IActionResult ResponsesCompact([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/responses/compact")] HttpRequest request) => gateway.ResponsesCompact(request);

    [Function("ListModels")]
    public IActionResult ListModels([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/models")] HttpRequest request) => gateway.ListModels(request);

    [Function("GetModel")]
    public IActionResult GetModel([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/models/{*id}")] HttpRequest request, string id) => gateway.GetModel(request, id);

    [Function("Usage")]
    public IActionResult Usage([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/usage")] HttpRequest request) => gateway.Usage(request);
}
