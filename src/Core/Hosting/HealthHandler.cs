using System.Text.Json;
using LlmGateway.Json;
using LlmGateway.Routing;
using Microsoft.AspNetCore.Http;

namespace LlmGateway.Hosting;

/// <summary><c>GET /healthz</c>: liveness with a little shape, no key required, nothing secret.</summary>
internal sealed class HealthHandler(ModelCatalog catalog, Providers.ProviderRegistry providers)
{
    public Task HandleAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        var report = new HealthReport("ok", providers.Count, catalog.Models.Count);
        return JsonSerializer.SerializeAsync(context.Response.Body, report, JsonDefaults.Context.HealthReport, context.RequestAborted);
    }

    public Task RootAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return HttpMethods.IsHead(context.Request.Method)
            ? Task.CompletedTask
            : context.Response.WriteAsync("LlmGateway is running. OpenAI base URL: /v1 · Anthropic base URL: / · health: /healthz\n", context.RequestAborted);
    }
}
