using LlmGateway.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace LlmGateway.Functions;

/// <summary>Gemini routes (generateContent, streamGenerateContent, countTokens, models). Each trigger hands the request to Core in one line.</summary>
public sealed class GeminiFunctions(GatewayEndpoints gateway)
{
    [Function("Gemini")]
    public IActionResult Gemini([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1beta/models/{*path}")] HttpRequest request, string path) => gateway.Gemini(request, path);

    [Function("GeminiGetModel")]
    public IActionResult GeminiGetModel([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1beta/models/{*path}")] HttpRequest request, string path) => gateway.GeminiGetModel(request, path);

    [Function("GeminiListModels")]
    public IActionResult GeminiListModels([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1beta/models")] HttpRequest request) => gateway.GeminiListModels(request);
}
