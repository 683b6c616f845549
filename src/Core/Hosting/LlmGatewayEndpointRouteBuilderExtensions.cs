using LlmGateway.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace LlmGateway;

public static class LlmGatewayEndpointRouteBuilderExtensions
{
    /// <summary>Maps every gateway route (<c>/v1/...</c>, <c>/v0/management/...</c>, <c>/healthz</c>, <c>/</c>) on an ASP.NET Core host.</summary>
    public static IEndpointConventionBuilder MapLlmGateway(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var gateway = endpoints.ServiceProvider.GetRequiredService<GatewayEndpoints>();
        var group = endpoints.MapGroup("");
        group.MapPost("/v1/chat/completions", gateway.ChatCompletionsAsync);
        group.MapPost("/v1/completions", gateway.CompletionsAsync);
        group.MapPost("/v1/embeddings", gateway.EmbeddingsAsync);
        group.MapPost("/v1/messages", gateway.MessagesAsync);
        group.MapPost("/v1/messages/count_tokens", gateway.CountTokensAsync);
        group.MapPost("/v1/responses", gateway.ResponsesAsync);
        group.MapPost("/v1/responses/compact", gateway.ResponsesCompactAsync);
        group.MapGet("/v1/models", gateway.ListModelsAsync);
        group.MapGet("/v1/models/{**id}", gateway.GetModelAsync);
        group.MapPost("/v1beta/models/{**path}", gateway.GeminiAsync);
        group.MapGet("/v1beta/models", gateway.GeminiListModelsAsync);
        group.MapGet("/v1beta/models/{**path}", gateway.GeminiGetModelAsync);
        group.MapGet("/v1/usage", gateway.UsageAsync);
        group.Map("/v0/management/{**path}", gateway.ManagementAsync);
        group.MapGet("/healthz", gateway.HealthAsync);
        group.MapMethods("/", [HttpMethods.Get, HttpMethods.Head], gateway.RootAsync);
        return group;
    }
}
