using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using LlmGateway.Http;
using LlmGateway.Json;
using LlmGateway.Protocols.Anthropic;
using LlmGateway.Protocols.OpenAI;
using LlmGateway.Routing;
using Microsoft.AspNetCore.Http;

namespace LlmGateway.Hosting;

/// <summary>
/// <c>GET /v1/models</c> and <c>GET /v1/models/{id}</c>: OpenAI's shape, or Anthropic's when the request carries
/// <c>anthropic-version</c> (Anthropic SDKs and Claude Code always send it).
/// </summary>
internal sealed class ModelsHandler(ModelCatalog catalog, TimeProvider timeProvider)
{
    private readonly DateTimeOffset _created = timeProvider.GetUtcNow();

    public static bool IsAnthropic(HttpRequest request) => request.Headers.ContainsKey("anthropic-version");

    public Task ListAsync(HttpContext context)
    {
        if (IsAnthropic(context.Request))
        {
            var models = catalog.Models.Select(m => Anthropic(m.Id)).ToArray();
            var list = new AnthropicModelList(models, false, models.FirstOrDefault()?.Id, models.LastOrDefault()?.Id);
            return WriteAsync(context, list, JsonDefaults.Context.AnthropicModelList);
        }

        var openAI = new OpenAIModelList(catalog.Models.Select(m => new OpenAIModel(m.Id, _created.ToUnixTimeSeconds(), m.OwnedBy)).ToArray());
        return WriteAsync(context, openAI, JsonDefaults.Context.OpenAIModelList);
    }

    public Task GetAsync(HttpContext context, string id)
    {
        var resolution = catalog.Resolve(id);
        switch (resolution.Status)
        {
            case ModelResolutionStatus.Found:
                if (IsAnthropic(context.Request))
                {
                    return WriteAsync(context, Anthropic(resolution.Id!), JsonDefaults.Context.AnthropicModel);
                }

                var entry = catalog.Models.FirstOrDefault(m => m.Id == resolution.Id);
                var model = new OpenAIModel(resolution.Id!, _created.ToUnixTimeSeconds(), entry?.OwnedBy ?? resolution.Targets[0].Provider);
                return WriteAsync(context, model, JsonDefaults.Context.OpenAIModel);
            case ModelResolutionStatus.Ambiguous:
                throw new GatewayErrorException(GatewayError.BadRequest(
                    $"The model '{id}' is served by several providers; use one of: {string.Join(", ", resolution.Candidates)}.",
                    "model", "model_ambiguous"));
            default:
                throw new GatewayErrorException(new GatewayError(404, "model_not_found", $"The model '{id}' does not exist on this gateway.", "model"));
        }
    }

    private AnthropicModel Anthropic(string id) =>
        new(id, id, _created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));

    private static Task WriteAsync<T>(HttpContext context, T value, JsonTypeInfo<T> typeInfo)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, value, typeInfo, context.RequestAborted);
    }
}
