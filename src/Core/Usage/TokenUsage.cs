namespace LlmGateway.Usage;

/// <summary>Token counts in OpenAI's sense: <see cref="Input"/> includes <see cref="Cached"/>, <see cref="Output"/> includes <see cref="Reasoning"/>.</summary>
internal readonly record struct TokenUsage(long Input, long Output, long Cached, long Reasoning)
{
    public long Total => Input + Output;
}
