using System.Collections.Frozen;
using System.Net;
using LlmGateway.Configuration;
using LlmGateway.Providers.Anthropic;
using LlmGateway.Providers.AzureOpenAI;
using LlmGateway.Providers.Gemini;
using LlmGateway.Providers.OpenAI;
using LlmGateway.Providers.Responses;
using Microsoft.Extensions.Options;

namespace LlmGateway.Providers;

/// <summary>Builds one long-lived connection pool per configured provider and hands them out by name.</summary>
internal sealed class ProviderRegistry : IDisposable
{
    public static readonly Uri AnthropicDefaultBaseUri = new("https://api.anthropic.com/v1/");

    public static readonly Uri GeminiDefaultBaseUri = new("https://generativelanguage.googleapis.com/v1beta/");

    public static readonly Uri OpenAIResponsesDefaultBaseUri = new("https://api.openai.com/v1/");

    private readonly FrozenDictionary<string, UpstreamProvider> _providers;

    /// <param name="azureTokens">Entra ID tokens for keyless <c>azure-openai</c> providers (none: they go without auth).</param>
    public ProviderRegistry(IOptions<GatewayOptions> options, AzureOpenAITokens? azureTokens = null)
    {
        var azure = new AzureOpenAIDialect(azureTokens);
        _providers = options.Value.Providers.ToFrozenDictionary(
            p => p.Key,
            p => Create(p.Key, p.Value, azure),
            StringComparer.OrdinalIgnoreCase);
    }

    public int Count => _providers.Count;

    public UpstreamProvider Get(string name) => _providers[name];

    public void Dispose()
    {
        foreach (var provider in _providers.Values)
        {
            provider.Invoker?.Dispose();
        }
    }

    private static UpstreamProvider Create(string name, ProviderOptions options, AzureOpenAIDialect azure)
    {
        var type = options.Type.ToLowerInvariant();
        if (type == ProviderTypes.Mock)
        {
            return new UpstreamProvider(name, options, null, null, null);
        }

        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(options.ConnectTimeoutSeconds),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            AutomaticDecompression = DecompressionMethods.All,
            EnableMultipleHttp2Connections = true,
            AllowAutoRedirect = false,
            UseCookies = false,
        };
        var invoker = new HttpMessageInvoker(handler);
        return type switch
        {
            ProviderTypes.Anthropic => new UpstreamProvider(name, options, invoker, BaseUri(options, AnthropicDefaultBaseUri), AnthropicDialect.Instance),
            ProviderTypes.Gemini => new UpstreamProvider(name, options, invoker, BaseUri(options, GeminiDefaultBaseUri), GeminiDialect.Instance),
            ProviderTypes.AzureOpenAI => new UpstreamProvider(name, options, invoker, AzureOpenAIDialect.EndpointOf(options), azure),
            ProviderTypes.OpenAIResponses => new UpstreamProvider(name, options, invoker, BaseUri(options, OpenAIResponsesDefaultBaseUri), ResponsesDialect.Instance),
            _ => new UpstreamProvider(name, options, invoker, new Uri(options.BaseUrl!), OpenAIDialect.Instance),
        };
    }

    private static Uri BaseUri(ProviderOptions options, Uri fallback) => options.BaseUrl is null ? fallback : new Uri(options.BaseUrl);
}
