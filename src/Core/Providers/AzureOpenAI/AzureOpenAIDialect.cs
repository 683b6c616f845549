using System.Buffers;
using System.Net.Http.Headers;
using LlmGateway.Configuration;
using LlmGateway.Credentials;
using LlmGateway.Execution;
using LlmGateway.Http;
using LlmGateway.Protocols.OpenAI;
using LlmGateway.Translation;
using Microsoft.AspNetCore.Http;

namespace LlmGateway.Providers.AzureOpenAI;

/// <summary>
/// Azure OpenAI (and AI Foundry endpoints): OpenAI's Chat Completions wire format behind the resource endpoint.
/// Two URL styles: the v1 route <c>{endpoint}/openai/v1/chat/completions</c> with the deployment as the body's
/// <c>model</c> (<c>ApiVersion</c> unset or <c>v1</c>), or the classic
/// <c>{endpoint}/openai/deployments/{deployment}/chat/completions?api-version={ApiVersion}</c>. The engine hands it
/// the deployment (<see cref="UpstreamProvider.UpstreamModel"/>). Auth: <c>api-key</c> with a configured key; keyless,
/// <c>Authorization: Bearer</c> with a cached Entra ID token (<see cref="AzureOpenAITokens"/>). Neither goes in a URL.
/// </summary>
internal sealed class AzureOpenAIDialect(AzureOpenAITokens? tokens) : IProviderDialect
{
    public const string V1 = "v1";

    public WireFormat Format => WireFormat.OpenAIChat;

    /// <summary>The resource endpoint from <c>BaseUrl</c>, tolerating a pasted <c>/openai</c> or <c>/openai/v1</c> suffix.</summary>
    public static Uri EndpointOf(ProviderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var url = options.BaseUrl!.TrimEnd('/');
        foreach (var suffix in (string[])["/openai/v1", "/openai"])
        {
            if (url.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                url = url[..^suffix.Length];
                break;
            }
        }

        return new Uri(url + "/");
    }

    public static bool UsesV1Route(ProviderOptions options) =>
        options.ApiVersion is null || string.Equals(options.ApiVersion, V1, StringComparison.OrdinalIgnoreCase);

    public Uri ChatUri(UpstreamProvider provider, string model, bool stream) => OperationUri(provider, model, "chat/completions");

    /// <summary>The embeddings endpoint for <paramref name="deployment"/>, in the provider's URL style.</summary>
    public static Uri EmbeddingsUri(UpstreamProvider provider, string deployment) => OperationUri(provider, deployment, "embeddings");

    public void Prepare(HttpRequestMessage request, UpstreamCredential credential, UpstreamProvider provider, IHeaderDictionary? clientHeaders)
    {
        if (credential.Secret is { } secret)
        {
            request.Headers.TryAddWithoutValidation("api-key", secret);
        }
    }

    public async ValueTask PrepareAsync(HttpRequestMessage request, UpstreamCredential credential, UpstreamProvider provider, IHeaderDictionary? clientHeaders, CancellationToken cancellationToken)
    {
        if (credential.Secret is not null || tokens is null)
        {
            Prepare(request, credential, provider, clientHeaders);
            return;
        }

        var token = await tokens.GetAsync(provider.Name, cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public void EncodeRequest(CanonicalRequest request, string upstreamModel, UpstreamProvider provider, IBufferWriter<byte> output) =>
        OpenAIChatCodec.EncodeRequest(request, upstreamModel, provider.OpenAIEncodeOptions, output);

    public CanonicalResponse DecodeResponse(ReadOnlySpan<byte> body) => OpenAIChatCodec.DecodeResponse(body);

    public IStreamDecoder CreateStreamDecoder() => new OpenAIStreamDecoder();

    public GatewayError TranslateError(UpstreamFailure failure, string provider) => UpstreamErrors.FromOpenAI(failure, provider);

    private static Uri OperationUri(UpstreamProvider provider, string deployment, string operation) =>
        UsesV1Route(provider.Options)
            ? new Uri(provider.BaseUri!, "openai/v1/" + operation)
            : new Uri(provider.BaseUri!, $"openai/deployments/{Uri.EscapeDataString(deployment)}/{operation}?api-version={Uri.EscapeDataString(provider.Options.ApiVersion!)}");
}
