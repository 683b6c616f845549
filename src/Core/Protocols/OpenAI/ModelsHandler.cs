using System.Text.Json;
using LlmGateway.Http;
using LlmGateway.Json;
using LlmGateway.Routing;
using Microsoft.AspNetCore.Http;

namespace LlmGateway.Protocols.OpenAI;

/// <summary><c>GET /v1/models</c> and <c>GET /v1/models/{id}</c> in OpenAI's shape.</summary>
internal sealed class ModelsHandler(ModelCatalog catalog, TimeProvider timeProvider)
{
    private readonly long _created = timeProvider.GetUtcNow().ToUnixTimeSeconds();

    public Task ListAsync(HttpContext context)
    {
        var list = new OpenAIModelList(catalog.Models.Select(m => new OpenAIModel(m.Id, _created, m.OwnedBy)).ToArray());
        return WriteAsync(context, list, JsonDefaults.Context.OpenAIModelList);
    }

    public Task GetAsync(HttpContext context, string id)
    {
        var resolution = catalog.Resolve(id);
        switch (resolution.Status)
        {
            case ModelResolutionStatus.Found:
                var entry = catalog.Models.FirstOrDefault(m => m.Id == resolution.Id);
                var model = new OpenAIModel(resolution.Id!, _created, entry?.OwnedBy ?? resolution.Targets[0].Provider);
                return WriteAsync(context, model, JsonDefaults.Context.OpenAIModel);
            case ModelResolutionStatus.Ambiguous:
                throw new GatewayErrorException(GatewayError.BadRequest(
                    $"The model '{id}' is served by several providers; use one of: {string.Join(", ", resolution.Candidates)}.",
                    "model", "model_ambiguous"));
            default:
                throw new GatewayErrorException(new GatewayError(404, "model_not_found", $"The model '{id}' does not exist on this gateway.", "model"));
        }
    }

    private static Task WriteAsync<T>(HttpContext context, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, value, typeInfo, context.RequestAborted);
    }
}
