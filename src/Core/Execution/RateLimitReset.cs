using System.Globalization;
using System.Net.Http.Headers;

namespace LlmGateway.Execution;

/// <summary>
/// When a rate-limited upstream says its window resets, from its rate-limit headers: Anthropic's
/// <c>anthropic-ratelimit-*-reset</c> (RFC 3339 times) and OpenAI's <c>x-ratelimit-reset-*</c> (durations such as
/// <c>1s</c>, <c>6m0s</c>, <c>20ms</c>). The exhausted limit's reset wins (remaining 0); otherwise the latest.
/// </summary>
internal static class RateLimitReset
{
    private static readonly string[] AnthropicLimits = ["requests", "tokens", "input-tokens", "output-tokens"];
    private static readonly string[] OpenAILimits = ["requests", "tokens"];

    public static TimeSpan? Read(HttpResponseHeaders headers, DateTimeOffset now)
    {
        TimeSpan? exhausted = null;
        TimeSpan? latest = null;
        foreach (var limit in AnthropicLimits)
        {
            if (Value(headers, "anthropic-ratelimit-" + limit + "-reset") is { } text
                && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                Note(at - now, IsZero(headers, "anthropic-ratelimit-" + limit + "-remaining"), ref exhausted, ref latest);
            }
        }

        foreach (var limit in OpenAILimits)
        {
            if (Value(headers, "x-ratelimit-reset-" + limit) is { } text && ParseDuration(text) is { } delay)
            {
                Note(delay, IsZero(headers, "x-ratelimit-remaining-" + limit), ref exhausted, ref latest);
            }
        }

        return exhausted ?? latest;
    }

    /// <summary>Go-style durations as OpenAI sends them: <c>1h2m3.5s</c>, <c>250ms</c>, <c>6m0s</c>.</summary>
    public static TimeSpan? ParseDuration(ReadOnlySpan<char> text)
    {
        text = text.Trim();
        if (text.IsEmpty)
        {
            return null;
        }

        double total = 0;
        while (!text.IsEmpty)
        {
            var end = 0;
            while (end < text.Length && (char.IsAsciiDigit(text[end]) || text[end] == '.'))
            {
                end++;
            }

            if (end == 0 || !double.TryParse(text[..end], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return null;
            }

            text = text[end..];
            double unit;
            if (text.StartsWith("ms", StringComparison.Ordinal))
            {
                unit = 0.001;
                text = text[2..];
            }
            else if (!text.IsEmpty && text[0] is 'h' or 'm' or 's')
            {
                unit = text[0] switch { 'h' => 3600, 'm' => 60, _ => 1 };
                text = text[1..];
            }
            else
            {
                return null;
            }

            total += number * unit;
        }

        return TimeSpan.FromSeconds(total);
    }

    private static void Note(TimeSpan delay, bool isExhausted, ref TimeSpan? exhausted, ref TimeSpan? latest)
    {
        if (delay < TimeSpan.Zero)
        {
            delay = TimeSpan.Zero;
        }

        if (isExhausted && (exhausted is null || delay > exhausted))
        {
            exhausted = delay;
        }

        if (latest is null || delay > latest)
        {
            latest = delay;
        }
    }

    private static bool IsZero(HttpResponseHeaders headers, string name) => Value(headers, name) is "0";

    private static string? Value(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
