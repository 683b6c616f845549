namespace LlmGateway.Protocols.Gemini;

/// <summary>What <see cref="GeminiCodec.EncodeRequest"/> needs from the upstream provider's configuration.</summary>
internal sealed record GeminiEncodeOptions
{
    /// <summary>The model's output ceiling, when known: a larger requested <c>maxOutputTokens</c> is lowered to it.</summary>
    public int? MaxOutputTokens { get; init; }

    /// <summary>
    /// The signature put on the first function call of a model turn that has none (history another provider made):
    /// Google's documented placeholder by default; null sends unsigned calls as they are.
    /// </summary>
    public string? UnsignedCallSignature { get; init; } = GeminiCodec.SkipSignatureValidator;
}
