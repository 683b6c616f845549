namespace LlmGateway.Protocols.Anthropic;

/// <summary>What <see cref="AnthropicCodec.EncodeRequest"/> needs from the upstream provider's configuration.</summary>
internal sealed record AnthropicEncodeOptions
{
    /// <summary><c>max_tokens</c> when the request gave no limit (Anthropic requires one).</summary>
    public int DefaultMaxTokens { get; init; } = 8192;
}
