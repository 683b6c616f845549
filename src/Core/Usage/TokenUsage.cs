namespace LlmGateway.Usage;

/// <summary>
/// Token counts in OpenAI's sense: <see cref="Input"/> includes <see cref="Cached"/> (cache reads) and
/// <see cref="CacheWrite"/> (cache creation); <see cref="Output"/> includes <see cref="Reasoning"/>. Anthropic's
/// <c>input_tokens</c> excludes both cache counts: codecs convert, they never copy.
/// </summary>
internal readonly record struct TokenUsage(long Input, long Output, long Cached, long Reasoning, long CacheWrite = 0)
{
    public long Total => Input + Output;
}
