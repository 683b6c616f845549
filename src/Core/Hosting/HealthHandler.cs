using System.Text.Json;
using LlmGateway.Credentials.KeyVault;
using LlmGateway.Json;
using LlmGateway.Routing;
using Microsoft.AspNetCore.Http;

namespace LlmGateway.Hosting;

/// <summary>
/// <c>GET /healthz</c>: liveness with a little shape, no key required, nothing secret. Always 200 while the gateway
/// runs; with a Key Vault configured, the body says whether its keys are loaded and fresh (<c>keyVault</c>) and the
/// status is <c>degraded</c> while they are not.
/// </summary>
internal sealed class HealthHandler(ModelCatalog catalog, Providers.ProviderRegistry providers, ConfiguredKeyVault? vault = null, TimeProvider? timeProvider = null)
{
    public Task HandleAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        var keyVault = vault?.Refresher is { } refresher ? KeyVaultHealth.Of(refresher, (timeProvider ?? TimeProvider.System).GetUtcNow()) : null;
        var report = new HealthReport(keyVault?.IsDegraded == true ? "degraded" : "ok", providers.Count, catalog.Models.Count, keyVault);
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
