using System.Globalization;
using System.Text.Json;
using LlmGateway.Auth;
using LlmGateway.Configuration;
using LlmGateway.Execution;
using LlmGateway.Http;
using LlmGateway.Protocols.OpenAI;
using LlmGateway.Providers;
using LlmGateway.Translation;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace LlmGateway.Protocols.Anthropic;

/// <summary>
/// <c>POST /v1/messages/count_tokens</c>: exact from an Anthropic upstream's own endpoint, otherwise the
/// documented local estimate. Auxiliary: its failures never change a credential's health.
/// </summary>
internal sealed class CountTokensHandler(
    IOptions<GatewayOptions> options,
    ChatExecutor executor,
    ProviderRegistry providers)
{
    public async Task HandleAsync(HttpContext context, ClientIdentity client)
    {
        using var body = await RequestBodyReader.ReadAsync(context, options.Value.MaxRequestBodyBytes, context.RequestAborted).ConfigureAwait(false);
        using var document = ChatExecutor.ParseJson(body.Memory);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.String || model.GetString() is not { Length: > 0 } name)
        {
            throw new GatewayErrorException(GatewayError.BadRequest("model: Field required", "model"));
        }

        var target = executor.Resolve(name)[0];
        var provider = providers.Get(target.Provider);
        if (provider.Format == WireFormat.AnthropicMessages)
        {
            await ForwardAsync(context, body.Memory, root, provider, target.Model).ConfigureAwait(false);
            return;
        }

        var request = AnthropicCodec.DecodeRequest(root, requireMaxTokens: false);
        var tokens = TokenEstimator.Estimate(request);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(System.Text.Encoding.UTF8.GetBytes("{\"input_tokens\":" + tokens.ToString(CultureInfo.InvariantCulture) + "}"), context.RequestAborted)
            .ConfigureAwait(false);
    }

    private async Task ForwardAsync(HttpContext context, ReadOnlyMemory<byte> body, JsonElement root, UpstreamProvider provider, string model)
    {
        using var upstreamBody = ChatRequestRewriter.Rewrite(body, root, model, includeUsage: false);
        await executor.ForwardAuxiliaryAsync(context, provider, model, new Uri(provider.BaseUri!, "messages/count_tokens"), upstreamBody.Memory, context.Request.Headers, AnthropicErrors.WriteAsync)
            .ConfigureAwait(false);
    }
}
