using LlmGateway.Configuration;
using LlmGateway.Protocols.Anthropic;
using LlmGateway.Protocols.OpenAI;
using LlmGateway.Translation;

namespace LlmGateway.Providers;

/// <summary>A configured upstream at run time: its connection pool, wire dialect, endpoints and limits.</summary>
internal sealed class UpstreamProvider
{
    public UpstreamProvider(string name, ProviderOptions options, HttpMessageInvoker? invoker, Uri? baseUri, IProviderDialect? dialect)
    {
        Name = name;
        Options = options;
        Type = options.Type.ToLowerInvariant();
        Invoker = invoker;
        Dialect = dialect;
        if (baseUri is not null)
        {
            BaseUri = baseUri.AbsoluteUri.EndsWith('/') ? baseUri : new Uri(baseUri.AbsoluteUri + "/");
        }

        FirstByteTimeout = TimeSpan.FromSeconds(options.FirstByteTimeoutSeconds);
        IdleTimeout = TimeSpan.FromSeconds(options.IdleTimeoutSeconds);
        TotalTimeout = TimeSpan.FromSeconds(options.TotalTimeoutSeconds);
        var maxTokensParameter = options.MaxTokensParameter
            ?? (string.Equals(baseUri?.Host, "api.openai.com", StringComparison.OrdinalIgnoreCase) || Type == ProviderTypes.AzureOpenAI
                ? "max_completion_tokens"
                : "max_tokens");
        OpenAIEncodeOptions = new OpenAIEncodeOptions { MaxTokensParameter = maxTokensParameter, MaxOutputTokens = options.MaxOutputTokens };
        AnthropicEncodeOptions = new AnthropicEncodeOptions { DefaultMaxTokens = options.DefaultMaxTokens };
    }

    public string Name { get; }

    public string Type { get; }

    public ProviderOptions Options { get; }

    /// <summary>Null for the in-process <c>mock</c> provider.</summary>
    public HttpMessageInvoker? Invoker { get; }

    /// <summary>Null for the in-process <c>mock</c> provider.</summary>
    public IProviderDialect? Dialect { get; }

    /// <summary>The upstream's own wire format; null for <c>mock</c>, which answers in the hub's model.</summary>
    public WireFormat? Format => Dialect?.Format;

    public bool IsMock => Dialect is null;

    public Uri? BaseUri { get; }

    public TimeSpan FirstByteTimeout { get; }

    public TimeSpan IdleTimeout { get; }

    public TimeSpan TotalTimeout { get; }

    public OpenAIEncodeOptions OpenAIEncodeOptions { get; }

    public AnthropicEncodeOptions AnthropicEncodeOptions { get; }

    /// <summary>The name the upstream knows <paramref name="model"/> by: its Azure deployment (<c>Deployments</c>), else the model itself.</summary>
    public string UpstreamModel(string model) => Options.Deployments.TryGetValue(model, out var deployment) ? deployment : model;
}
