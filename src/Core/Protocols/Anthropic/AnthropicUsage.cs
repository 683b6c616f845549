using System.Text.Json;
using LlmGateway.Usage;

namespace LlmGateway.Protocols.Anthropic;

/// <summary>
/// An Anthropic <c>usage</c> object as read: each count only when present (a stream's <c>message_delta</c> may carry
/// only <c>output_tokens</c>). Anthropic's <c>input_tokens</c> excludes both cache counts; <see cref="TokenUsage"/>
/// includes them, so <see cref="ApplyTo"/> and <see cref="Write"/> convert.
/// </summary>
internal readonly record struct AnthropicUsage(long? Input, long? Output, long? CacheRead, long? CacheWrite)
{
    /// <summary>Reads the object the reader is on (or skips a non-object value, giving no counts).</summary>
    public static AnthropicUsage Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return default;
        }

        long? input = null, output = null, cacheRead = null, cacheWrite = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("input_tokens"u8))
            {
                input = ReadCount(ref reader);
            }
            else if (reader.ValueTextEquals("output_tokens"u8))
            {
                output = ReadCount(ref reader);
            }
            else if (reader.ValueTextEquals("cache_read_input_tokens"u8))
            {
                cacheRead = ReadCount(ref reader);
            }
            else if (reader.ValueTextEquals("cache_creation_input_tokens"u8))
            {
                cacheWrite = ReadCount(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new AnthropicUsage(input, output, cacheRead, cacheWrite);
    }

    /// <summary>
    /// The canonical usage after this report: counts present here replace those of <paramref name="previous"/>
    /// (Anthropic's stream usage is cumulative), absent ones are kept.
    /// </summary>
    public TokenUsage ApplyTo(TokenUsage previous)
    {
        var cacheRead = CacheRead ?? previous.Cached;
        var cacheWrite = CacheWrite ?? previous.CacheWrite;
        var input = Input ?? (previous.Input - previous.Cached - previous.CacheWrite);
        return new TokenUsage(input + cacheRead + cacheWrite, Output ?? previous.Output, cacheRead, previous.Reasoning, cacheWrite);
    }

    /// <summary>Writes <c>"usage":{...}</c> in Anthropic's sense.</summary>
    public static void Write(Utf8JsonWriter writer, TokenUsage usage)
    {
        writer.WriteStartObject("usage"u8);
        writer.WriteNumber("input_tokens"u8, Math.Max(0, usage.Input - usage.Cached - usage.CacheWrite));
        writer.WriteNumber("output_tokens"u8, usage.Output);
        writer.WriteNumber("cache_creation_input_tokens"u8, usage.CacheWrite);
        writer.WriteNumber("cache_read_input_tokens"u8, usage.Cached);
        writer.WriteEndObject();
    }

    private static long? ReadCount(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value))
        {
            return value;
        }

        reader.Skip();
        return null;
    }
}
