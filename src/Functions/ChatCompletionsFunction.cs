using LlmGateway.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace LlmGateway.Functions;

public sealed class ChatCompletionsFunction(GatewayEndpoints gateway)
{
    [Function("ChatCompletions")]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/chat/completions")] HttpRequest request) => gateway.ChatCompletions(request);
}
