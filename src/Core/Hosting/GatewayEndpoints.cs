using LlmGateway.Execution;
using LlmGateway.Management;
using LlmGateway.Protocols.Anthropic;
using LlmGateway.Protocols.Gemini;
using LlmGateway.Protocols.OpenAI;
using LlmGateway.Protocols.Responses;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace LlmGateway.Hosting;

/// <summary>
/// Every gateway route as a handler on <see cref="HttpContext"/>. <see cref="LlmGatewayEndpointRouteBuilderExtensions.MapLlmGateway"/>
/// maps them on Kestrel; the Functions host calls the <see cref="IActionResult"/> forms from its triggers.
/// </summary>
public sealed partial class GatewayEndpoints
{
    private readonly RequestPipeline _pipeline;
    private readonly ChatExecutor _executor;
    private readonly OpenAIChatSurface _openAIChat;
    private readonly AnthropicMessagesSurface _anthropicMessages;
    private readonly CountTokensHandler _countTokens;
    private readonly GeminiHandler _gemini;
    private readonly ModelsHandler _models;
    private readonly HealthHandler _health;
    private readonly ManagementPipeline _management;
    private readonly ClientUsageHandler _usage;
    private readonly ErrorWriter _openAIErrors = OpenAIErrors.WriteAsync;
    private readonly ErrorWriter _anthropicErrors = AnthropicErrors.WriteAsync;
    private readonly ErrorWriter _geminiErrors = GeminiErrors.WriteAsync;
    private readonly ResponsesSurface _responses;

    internal GatewayEndpoints(
        RequestPipeline pipeline,
        ChatExecutor executor,
        OpenAIChatSurface openAIChat,
        AnthropicMessagesSurface anthropicMessages,
        CountTokensHandler countTokens,
        GeminiHandler gemini,
        ModelsHandler models,
        HealthHandler health,
        ManagementPipeline management,
        ClientUsageHandler usage,
        ResponsesSurface responses)
    {
        _pipeline = pipeline;
        _executor = executor;
        _openAIChat = openAIChat;
        _anthropicMessages = anthropicMessages;
        _countTokens = countTokens;
        _gemini = gemini;
        _models = models;
        _health = health;
        _management = management;
        _usage = usage;
        _responses = responses;
    }

    /// <summary><c>POST /v1/chat/completions</c>.</summary>
    public Task ChatCompletionsAsync(HttpContext context) =>
        _pipeline.RunAsync(context, _openAIErrors, (c, client) => _executor.ExecuteAsync(c, client, _openAIChat));

    /// <summary><c>POST /v1/messages</c> (<c>?beta=true</c> accepted and ignored).</summary>
    public Task MessagesAsync(HttpContext context) =>
        _pipeline.RunAsync(context, _anthropicErrors, (c, client) => _executor.ExecuteAsync(c, client, _anthropicMessages));

    /// <summary><c>POST /v1/responses</c> (OpenAI Responses; Codex CLI).</summary>
    public Task ResponsesAsync(HttpContext context) =>
        _pipeline.RunAsync(context, _openAIErrors, (c, client) => _executor.ExecuteAsync(c, client, _responses));

    /// <summary><c>POST /v1/responses/compact</c> (non-stream); one surface per request, as its answer echoes the request.</summary>
    public Task ResponsesCompactAsync(HttpContext context) =>
        _pipeline.RunAsync(context, _openAIErrors, (c, client) => _executor.ExecuteAsync(c, client, _responses.CreateCompact()));

    /// <summary><c>POST /v1/messages/count_tokens</c>.</summary>
    public Task CountTokensAsync(HttpContext context) => _pipeline.RunAsync(context, _anthropicErrors, _countTokens.HandleAsync);

    /// <summary><c>POST /v1beta/models/{model}:generateContent|streamGenerateContent|countTokens</c> (Gemini).</summary>
    public Task GeminiAsync(HttpContext context) => _pipeline.RunAsync(context, _geminiErrors, _gemini.PostAsync);

    /// <summary><c>GET /v1beta/models</c> (Gemini).</summary>
    public Task GeminiListModelsAsync(HttpContext context) => _pipeline.RunAsync(context, _geminiErrors, (c, _) => _gemini.ListModelsAsync(c));

    /// <summary><c>GET /v1beta/models/{model}</c> (Gemini); the model may be given as <c>x</c> or <c>models/x</c>.</summary>
    public Task GeminiGetModelAsync(HttpContext context) => _pipeline.RunAsync(context, _geminiErrors, (c, _) => _gemini.GetModelAsync(c));

    /// <summary><c>GET /v1/models</c>, in Anthropic's shape when the request has <c>anthropic-version</c>.</summary>
    public Task ListModelsAsync(HttpContext context) => _pipeline.RunAsync(context, ModelErrors(context), (c, _) => _models.ListAsync(c));

    /// <summary><c>GET /v1/models/{**id}</c>; ids may contain '/', sent as is or escaped as %2F (as SDKs do).</summary>
    public Task GetModelAsync(HttpContext context) =>
        _pipeline.RunAsync(context, ModelErrors(context), (c, _) => _models.GetAsync(c, Uri.UnescapeDataString(c.GetRouteValue("id") as string ?? "")));

    /// <summary><c>GET /v1/usage</c>: the calling client key's own usage (day, week, month).</summary>
    public Task UsageAsync(HttpContext context) => _pipeline.RunAsync(context, _openAIErrors, _usage.HandleAsync);

    /// <summary>
    /// <c>/v0/management/{**path}</c>, any method: the management API, guarded by the management key (not a client
    /// key), with its own error shape; 404 everywhere when no management key is configured.
    /// </summary>
    public Task ManagementAsync(HttpContext context) => _management.RunAsync(context);

    /// <summary><c>GET /healthz</c>, without a key.</summary>
    public Task HealthAsync(HttpContext context) => _health.HandleAsync(context);

    /// <summary><c>GET /</c> and <c>HEAD /</c>, without a key: clients (Claude Code) probe the base URL before starting.</summary>
    public Task RootAsync(HttpContext context) => _health.RootAsync(context);

    /// <summary>The Functions form of <see cref="ChatCompletionsAsync"/>.</summary>
    public IActionResult ChatCompletions(HttpRequest request) => new GatewayActionResult(ChatCompletionsAsync);

    /// <summary>The Functions form of <see cref="MessagesAsync"/>.</summary>
    public IActionResult Messages(HttpRequest request) => new GatewayActionResult(MessagesAsync);

    /// <summary>The Functions form of <see cref="ResponsesAsync"/>.</summary>
    public IActionResult Responses(HttpRequest request) => new GatewayActionResult(ResponsesAsync);

    /// <summary>The Functions form of <see cref="ResponsesCompactAsync"/>.</summary>
    public IActionResult ResponsesCompact(HttpRequest request) => new GatewayActionResult(ResponsesCompactAsync);

    /// <summary>The Functions form of <see cref="CountTokensAsync"/>.</summary>
    public IActionResult CountTokens(HttpRequest request) => new GatewayActionResult(CountTokensAsync);

    /// <summary>The Functions form of <see cref="GeminiAsync"/>; <paramref name="path"/> is the route's catch-all.</summary>
    public IActionResult Gemini(HttpRequest request, string path)
    {
        request.RouteValues["path"] = path;
        return new GatewayActionResult(GeminiAsync);
    }

    /// <summary>The Functions form of <see cref="GeminiListModelsAsync"/>.</summary>
    public IActionResult GeminiListModels(HttpRequest request) => new GatewayActionResult(GeminiListModelsAsync);

    /// <summary>The Functions form of <see cref="GeminiGetModelAsync"/>.</summary>
    public IActionResult GeminiGetModel(HttpRequest request, string path)
    {
        request.RouteValues["path"] = path;
        return new GatewayActionResult(GeminiGetModelAsync);
    }

    /// <summary>The Functions form of <see cref="ListModelsAsync"/>.</summary>
    public IActionResult ListModels(HttpRequest request) => new GatewayActionResult(ListModelsAsync);

    /// <summary>The Functions form of <see cref="GetModelAsync"/>; <paramref name="id"/> is the route's catch-all.</summary>
    public IActionResult GetModel(HttpRequest request, string id)
    {
        request.RouteValues["id"] = id;
        return new GatewayActionResult(GetModelAsync);
    }

    /// <summary>The Functions form of <see cref="UsageAsync"/>.</summary>
    public IActionResult Usage(HttpRequest request) => new GatewayActionResult(UsageAsync);

    /// <summary>The Functions form of <see cref="ManagementAsync"/>; <paramref name="path"/> is the route's catch-all.</summary>
    public IActionResult Management(HttpRequest request, string? path)
    {
        request.RouteValues[ManagementRouter.PathValue] = path ?? "";
        return new GatewayActionResult(ManagementAsync);
    }

    /// <summary>The Functions form of <see cref="HealthAsync"/>.</summary>
    public IActionResult Health(HttpRequest request) => new GatewayActionResult(HealthAsync);

    private ErrorWriter ModelErrors(HttpContext context) => ModelsHandler.IsAnthropic(context.Request) ? _anthropicErrors : _openAIErrors;
}
