namespace LlmGateway.Protocols.OpenAI;

/// <summary>What <see cref="OpenAIChatCodec.EncodeRequest"/> needs from the upstream provider's configuration.</summary>
internal sealed record OpenAIEncodeOptions
{
    public const string MaxTokens = "max_tokens";
    public const string MaxCompletionTokens = "max_completion_tokens";

    /// <summary>
    /// The name the upstream wants for the output limit: <c>max_tokens</c> (most OpenAI-compatible servers) or
    /// <c>max_completion_tokens</c> (OpenAI's reasoning models reject <c>max_tokens</c>).
    /// </summary>
    public string MaxTokensParameter { get; init; } = MaxTokens;

    /// <summary>The model's output ceiling, when known: a larger requested limit is lowered to it.</summary>
    public int? MaxOutputTokens { get; init; }
}
