using System.Text;
using System.Text.Json;

namespace LlmGateway.Providers.Mock;

/// <summary>The deterministic answer to a chat request: pieces of text, why it stopped, and token counts.</summary>
internal sealed record MockReply(IReadOnlyList<string> Pieces, string FinishReason, int PromptTokens)
{
    public int CompletionTokens => Pieces.Count;

    public string Text => string.Concat(Pieces);

    /// <summary>
    /// Echoes the last user message (or <paramref name="fixedReply"/>), split into word pieces that stand for tokens;
    /// honours <c>stop</c> and <c>max_completion_tokens</c>/<c>max_tokens</c>. Prompt tokens: request bytes / 4.
    /// </summary>
    public static MockReply Create(JsonElement request, int requestBytes, string? fixedReply)
    {
        var text = fixedReply ?? LastUserText(request);
        var finish = "stop";
        foreach (var stop in StopSequences(request))
        {
            var at = text.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0)
            {
                text = text[..at];
            }
        }

        var pieces = Split(text);
        var max = MaxTokens(request);
        if (max is { } limit && pieces.Count > limit)
        {
            pieces = pieces.GetRange(0, limit);
            finish = "length";
        }

        return new MockReply(pieces, finish, Math.Max(1, (requestBytes + 3) / 4));
    }

    private static string LastUserText(JsonElement request)
    {
        if (!request.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
        {
            return "";
        }

        string? last = null;
        foreach (var message in messages.EnumerateArray())
        {
            if (message.ValueKind == JsonValueKind.Object && message.TryGetProperty("role", out var role) && role.ValueEquals("user"u8)
                && message.TryGetProperty("content", out var content))
            {
                last = ContentText(content);
            }
        }

        return last ?? "";
    }

    private static string ContentText(JsonElement content)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString()!;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return "";
        }

        var builder = new StringBuilder();
        foreach (var part in content.EnumerateArray())
        {
            if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("type", out var type))
            {
                if (type.ValueEquals("text"u8) && part.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
                {
                    builder.Append(builder.Length > 0 ? " " : "").Append(text.GetString());
                }
                else if (type.ValueEquals("image_url"u8))
                {
                    builder.Append(builder.Length > 0 ? " " : "").Append("[image]");
                }
            }
        }

        return builder.ToString();
    }

    private static IEnumerable<string> StopSequences(JsonElement request)
    {
        if (!request.TryGetProperty("stop", out var stop))
        {
            return [];
        }

        return stop.ValueKind switch
        {
            JsonValueKind.String when stop.GetString()!.Length > 0 => [stop.GetString()!],
            JsonValueKind.Array => stop.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.String && s.GetString()!.Length > 0).Select(s => s.GetString()!).ToArray(),
            _ => [],
        };
    }

    private static int? MaxTokens(JsonElement request)
    {
        foreach (var name in (ReadOnlySpan<string>)["max_completion_tokens", "max_tokens"])
        {
            if (request.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var max) && max >= 0)
            {
                return max;
            }
        }

        return null;
    }

    private static List<string> Split(string text)
    {
        var pieces = new List<string>();
        var start = 0;
        for (var i = 1; i <= text.Length; i++)
        {
            if (i == text.Length || (text[i] == ' ' && text[i - 1] != ' '))
            {
                pieces.Add(text[start..i]);
                start = i;
            }
        }

        return pieces;
    }
}
