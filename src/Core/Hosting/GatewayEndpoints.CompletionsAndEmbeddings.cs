using LlmGateway.Embeddings;
using LlmGateway.Protocols.OpenAI.Completions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace LlmGateway.Hosting;

/// <summary>The legacy completions and the embeddings routes (OpenAI's shapes); set by <c>AddLlmGateway</c>.</summary>
public sealed partial class GatewayEndpoints
{
    internal CompletionsSurface CompletionsSurface { get; init; } = null!;

    internal EmbeddingsExecutor EmbeddingsExecutor { get; init; } = null!;

    /// <summary><c>POST /v1/completions</c> (legacy), served through the chat path of any upstream.</summary>
    public Task CompletionsAsync(HttpContext context) =>
        _pipeline.RunAsync(context, _openAIErrors, (c, client) => _executor.ExecuteAsync(c, client, CompletionsSurface));

    /// <summary><c>POST /v1/embeddings</c>.</summary>
    public Task EmbeddingsAsync(HttpContext context) => _pipeline.RunAsync(context, _openAIErrors, EmbeddingsExecutor.ExecuteAsync);

    /// <summary>The Functions form of <see cref="CompletionsAsync"/>.</summary>
    public IActionResult Completions(HttpRequest request) => new GatewayActionResult(CompletionsAsync);

    /// <summary>The Functions form of <see cref="EmbeddingsAsync"/>.</summary>
    public IActionResult Embeddings(HttpRequest request) => new GatewayActionResult(EmbeddingsAsync);
}
