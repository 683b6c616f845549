namespace LlmGateway.Configuration;

/// <summary>One upstream: its wire type, where it is, its keys and the models it serves.</summary>
public sealed class ProviderOptions
{
    /// <summary>One of <see cref="ProviderTypes"/>.</summary>
    public string Type { get; set; } = "";

    /// <summary>
    /// Base URL including the version segment, e.g. <c>https://api.openai.com/v1</c>. For <c>anthropic</c> it
    /// defaults to <c>https://api.anthropic.com/v1</c>, for <c>gemini</c> to <c>https://generativelanguage.googleapis.com/v1beta</c>.
    /// </summary>
    public string? BaseUrl { get; set; }

    /// <summary>Upstream API keys. Empty for keyless servers (local vLLM, Ollama).</summary>
    public List<string> Keys { get; set; } = [];

    /// <summary>Upstream keys with a label, priority tier, weight or excluded models (in addition to <see cref="Keys"/>).</summary>
    public List<CredentialOptions> Credentials { get; set; } = [];

    /// <summary>How a request picks among available keys: <c>round-robin</c> (default), <c>fill-first</c> or <c>weighted</c>.</summary>
    public string Strategy { get; set; } = "round-robin";

    /// <summary>Models served. <c>*</c> accepts any model when addressed as <c>provider/model</c>.</summary>
    public List<string> Models { get; set; } = [];

    /// <summary>Seconds allowed to open a connection (default 10).</summary>
    public double ConnectTimeoutSeconds { get; set; } = 10;

    /// <summary>Seconds allowed until the upstream's response headers arrive (default 300, for slow reasoning models).</summary>
    public double FirstByteTimeoutSeconds { get; set; } = 300;

    /// <summary>Seconds allowed between two stream chunks, or for a non-stream body to arrive (default 300).</summary>
    public double IdleTimeoutSeconds { get; set; } = 300;

    /// <summary>Seconds one upstream call may take from request to last byte (default 3600, for long generations).</summary>
    public double TotalTimeoutSeconds { get; set; } = 3600;

    /// <summary>
    /// Output-token limit sent when a translated request has none (Anthropic requires one). Default 8192.
    /// </summary>
    public int DefaultMaxTokens { get; set; } = 8192;

    /// <summary>A ceiling on the output-token limit sent upstream (translated requests), for models with a smaller limit than clients ask.</summary>
    public int? MaxOutputTokens { get; set; }

    /// <summary>
    /// <c>openai</c> only, for translated requests: <c>max_tokens</c> or <c>max_completion_tokens</c>. Default:
    /// <c>max_completion_tokens</c> for api.openai.com (its reasoning models refuse the other), else <c>max_tokens</c>.
    /// </summary>
    public string? MaxTokensParameter { get; set; }

    /// <summary><c>anthropic</c> only: the <c>anthropic-version</c> header sent on translated requests (default 2023-06-01).</summary>
    public string AnthropicVersion { get; set; } = "2023-06-01";

    /// <summary>Mock provider only: fixed reply text instead of echoing the last user message.</summary>
    public string? Reply { get; set; }

    /// <summary>
    /// <c>azure-openai</c> only: unset or <c>v1</c> → the v1 route <c>{endpoint}/openai/v1/...</c> (deployment in the body);
    /// a date such as <c>2024-10-21</c> → <c>{endpoint}/openai/deployments/{deployment}/...?api-version=</c>.
    /// </summary>
    public string? ApiVersion { get; set; }

    /// <summary><c>azure-openai</c> only: model name → deployment name; a model not listed is its own deployment name.</summary>
    public Dictionary<string, string> Deployments { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Mock provider only: the length of its embeddings when the request gives no <c>dimensions</c> (default 8).</summary>
    public int EmbeddingDimensions { get; set; } = 8;
}
