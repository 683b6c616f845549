using LlmGateway.Protocols.OpenAI;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace LlmGateway.Hosting;

/// <summary>
/// Every gateway route as a handler on <see cref="HttpContext"/>. <see cref="LlmGatewayEndpointRouteBuilderExtensions.MapLlmGateway"/>
/// maps them on Kestrel; the Functions host calls the <see cref="IActionResult"/> forms from its triggers.
/// </summary>
public sealed class GatewayEndpoints
{
    private readonly RequestPipeline _pipeline;
    private readonly ChatCompletionsHandler _chat;
    private readonly ModelsHandler _models;
    private readonly HealthHandler _health;
    private readonly ErrorWriter _openAIErrors = OpenAIErrors.WriteAsync;

    internal GatewayEndpoints(RequestPipeline pipeline, ChatCompletionsHandler chat, ModelsHandler models, HealthHandler health)
    {
        _pipeline = pipeline;
        _chat = chat;
        _models = models;
        _health = health;
    }

    /// <summary><c>POST /v1/chat/completions</c>.</summary>
    public Task ChatCompletionsAsync(HttpContext context) => _pipeline.RunAsync(context, _openAIErrors, _chat.HandleAsync);

    /// <summary><c>GET /v1/models</c>.</summary>
    public Task ListModelsAsync(HttpContext context) => _pipeline.RunAsync(context, _openAIErrors, (c, _) => _models.ListAsync(c));

    /// <summary><c>GET /v1/models/{**id}</c>; ids may contain '/', sent as is or escaped as %2F (as SDKs do).</summary>
    public Task GetModelAsync(HttpContext context) =>
        _pipeline.RunAsync(context, _openAIErrors, (c, _) => _models.GetAsync(c, Uri.UnescapeDataString(c.GetRouteValue("id") as string ?? "")));

    /// <summary><c>GET /healthz</c>, without a key.</summary>
    public Task HealthAsync(HttpContext context) => _health.HandleAsync(context);

    /// <summary>The Functions form of <see cref="ChatCompletionsAsync"/>.</summary>
    public IActionResult ChatCompletions(HttpRequest request) => new GatewayActionResult(ChatCompletionsAsync);

    /// <summary>The Functions form of <see cref="ListModelsAsync"/>.</summary>
    public IActionResult ListModels(HttpRequest request) => new GatewayActionResult(ListModelsAsync);

    /// <summary>The Functions form of <see cref="GetModelAsync"/>; <paramref name="id"/> is the route's catch-all.</summary>
    public IActionResult GetModel(HttpRequest request, string id)
    {
        request.RouteValues["id"] = id;
        return new GatewayActionResult(GetModelAsync);
    }

    /// <summary>The Functions form of <see cref="HealthAsync"/>.</summary>
    public IActionResult Health(HttpRequest request) => new GatewayActionResult(HealthAsync);
}
