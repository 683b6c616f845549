using System.Globalization;
using System.Text.Json;
using LlmGateway.Auth;
using LlmGateway.Configuration;
using LlmGateway.Execution;
using LlmGateway.Http;
using LlmGateway.Json;
using LlmGateway.Providers;
using LlmGateway.Providers.Gemini;
using LlmGateway.Routing;
using LlmGateway.Translation;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace LlmGateway.Protocols.Gemini;

/// <summary>
/// The Gemini surface's routes: <c>POST /v1beta/models/{model}:{method}</c> dispatched to generateContent,
/// streamGenerateContent (through <see cref="GeminiSurface"/>) or countTokens; and the model list.
/// </summary>
internal sealed class GeminiHandler(
    IOptions<GatewayOptions> options,
    ChatExecutor executor,
    GeminiSurface surface,
    ModelCatalog catalog,
    ProviderRegistry providers)
{
    public Task PostAsync(HttpContext context, ClientIdentity client) =>
        GeminiRoute.Read(context.Request).Method == GeminiRoute.CountTokens
            ? CountTokensAsync(context)
            : executor.ExecuteAsync(context, client, surface);

    public Task ListModelsAsync(HttpContext context)
    {
        var list = new GeminiModelList(catalog.Models.Select(m => Model(m.Id)).ToArray());
        return WriteAsync(context, list, JsonDefaults.Context.GeminiModelList);
    }

    public Task GetModelAsync(HttpContext context)
    {
        var id = Uri.UnescapeDataString(context.Request.RouteValues["path"] as string ?? "");
        while (id.StartsWith("models/", StringComparison.Ordinal))
        {
            id = id["models/".Length..];
        }

        var resolution = catalog.Resolve(id);
        return resolution.Status == ModelResolutionStatus.Found
            ? WriteAsync(context, Model(resolution.Id!), JsonDefaults.Context.GeminiModel)
            : throw new GatewayErrorException(new GatewayError(404, "not_found", $"models/{id} is not found on this gateway."));
    }

    /// <summary>Exact from a Gemini upstream's own countTokens; otherwise the documented local estimate. Never affects health.</summary>
    private async Task CountTokensAsync(HttpContext context)
    {
        var route = GeminiRoute.Read(context.Request);
        using var body = await RequestBodyReader.ReadAsync(context, options.Value.MaxRequestBodyBytes, context.RequestAborted).ConfigureAwait(false);
        using var document = ChatExecutor.ParseJson(body.Memory);
        var root = document.RootElement;
        var target = executor.Resolve(route.Model)[0];
        var provider = providers.Get(target.Provider);
        if (provider.Format == WireFormat.Gemini)
        {
            await executor.ForwardAuxiliaryAsync(context, provider, target.Model, GeminiDialect.CountTokensUri(provider, target.Model), body.Memory, null, GeminiErrors.WriteAsync)
                .ConfigureAwait(false);
            return;
        }

        var request = GeminiCodec.DecodeCountTokensRequest(root, route.Model);
        using var output = new PooledBuffer(64);
        GeminiCodec.EncodeCountTokensResponse(TokenEstimator.Estimate(request), output);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(output.Memory, context.RequestAborted).ConfigureAwait(false);
    }

    private static GeminiModel Model(string id) => new("models/" + id, id, id);

    private static Task WriteAsync<T>(HttpContext context, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, value, typeInfo, context.RequestAborted);
    }
}
