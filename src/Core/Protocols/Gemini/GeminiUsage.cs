using System.Text.Json;
using LlmGateway.Usage;

namespace LlmGateway.Protocols.Gemini;

/// <summary>
/// Gemini's <c>usageMetadata</c> ⇄ <see cref="TokenUsage"/>. <c>promptTokenCount</c> already includes
/// <c>cachedContentTokenCount</c>; <c>candidatesTokenCount</c> excludes <c>thoughtsTokenCount</c>, which the
/// canonical output includes; <c>toolUsePromptTokenCount</c> (results of Gemini's own tools) counts as input, so that
/// the canonical total equals Gemini's <c>totalTokenCount</c>.
/// </summary>
internal static class GeminiUsage
{
    /// <summary>Reads the object the reader is on (a non-object value is skipped and gives zeros).</summary>
    public static TokenUsage Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return default;
        }

        long prompt = 0, candidates = 0, thoughts = 0, cached = 0, toolUse = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("promptTokenCount"u8))
            {
                prompt = ReadCount(ref reader);
            }
            else if (reader.ValueTextEquals("candidatesTokenCount"u8))
            {
                candidates = ReadCount(ref reader);
            }
            else if (reader.ValueTextEquals("thoughtsTokenCount"u8))
            {
                thoughts = ReadCount(ref reader);
            }
            else if (reader.ValueTextEquals("cachedContentTokenCount"u8))
            {
                cached = ReadCount(ref reader);
            }
            else if (reader.ValueTextEquals("toolUsePromptTokenCount"u8))
            {
                toolUse = ReadCount(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new TokenUsage(prompt + toolUse, candidates + thoughts, cached, thoughts);
    }

    /// <summary>Writes <c>"usageMetadata":{...}</c>; the cached and thoughts counts only when not zero, as Gemini does.</summary>
    public static void Write(Utf8JsonWriter writer, TokenUsage usage)
    {
        writer.WriteStartObject("usageMetadata"u8);
        writer.WriteNumber("promptTokenCount"u8, usage.Input);
        writer.WriteNumber("candidatesTokenCount"u8, Math.Max(0, usage.Output - usage.Reasoning));
        writer.WriteNumber("totalTokenCount"u8, usage.Total);
        if (usage.Cached > 0)
        {
            writer.WriteNumber("cachedContentTokenCount"u8, usage.Cached);
        }

        if (usage.Reasoning > 0)
        {
            writer.WriteNumber("thoughtsTokenCount"u8, usage.Reasoning);
        }

        writer.WriteEndObject();
    }

    private static long ReadCount(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value))
        {
            return value;
        }

        reader.Skip();
        return 0;
    }
}
