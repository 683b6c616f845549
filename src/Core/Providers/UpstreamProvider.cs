using LlmGateway.Configuration;

namespace LlmGateway.Providers;

/// <summary>A configured upstream at run time: its connection pool, endpoints and limits.</summary>
internal sealed class UpstreamProvider(
    string name,
    ProviderOptions options,
    HttpMessageInvoker invoker,
    Uri baseUri,
    IParameterPolicy? parameterPolicy)
{
    public string Name { get; } = name;

    public string Type { get; } = options.Type.ToLowerInvariant();

    public ProviderOptions Options { get; } = options;

    public HttpMessageInvoker Invoker { get; } = invoker;

    public Uri ChatCompletionsUri { get; } = new(EnsureTrailingSlash(baseUri), "chat/completions");

    public IParameterPolicy? ParameterPolicy { get; } = parameterPolicy;

    public TimeSpan FirstByteTimeout { get; } = TimeSpan.FromSeconds(options.FirstByteTimeoutSeconds);

    public TimeSpan IdleTimeout { get; } = TimeSpan.FromSeconds(options.IdleTimeoutSeconds);

    private static Uri EnsureTrailingSlash(Uri uri) =>
        uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
}
