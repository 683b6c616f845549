using System.Text;
using LlmGateway.Translation;

namespace LlmGateway.Providers.Mock;

/// <summary>The mock's text answer: pieces of text (one per "token"), and why it stopped.</summary>
internal sealed record MockReply(IReadOnlyList<string> Pieces, StopReason StopReason, string? StopSequence)
{
    public string Text => string.Concat(Pieces);

    /// <summary>
    /// <paramref name="text"/> split into word pieces, cut at the first stop sequence it contains (finishing with
    /// <see cref="StopReason.StopSequence"/>) and at <c>max_tokens</c> pieces (<see cref="StopReason.MaxTokens"/>).
    /// </summary>
    public static MockReply Create(string text, CanonicalRequest request)
    {
        var reason = StopReason.EndTurn;
        string? matched = null;
        foreach (var stop in request.StopSequences)
        {
            var at = stop.Length == 0 ? -1 : text.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0)
            {
                text = text[..at];
                reason = StopReason.StopSequence;
                matched = stop;
            }
        }

        var pieces = Split(text);
        if (request.MaxTokens is { } limit && limit >= 0 && pieces.Count > limit)
        {
            pieces = pieces.GetRange(0, limit);
            reason = StopReason.MaxTokens;
            matched = null;
        }

        return new MockReply(pieces, reason, matched);
    }

    /// <summary>The text of the last user turn: its text parts joined by spaces, images as "[image]".</summary>
    public static string LastUserText(CanonicalRequest request)
    {
        for (var i = request.Messages.Count - 1; i >= 0; i--)
        {
            var message = request.Messages[i];
            if (message.Role == ChatRole.User && message.Parts.Any(p => p is TextPart or ImagePart or DocumentPart))
            {
                return Join(message.Parts);
            }
        }

        return "";
    }

    public static string Join(IEnumerable<ContentPart> parts)
    {
        var builder = new StringBuilder();
        foreach (var part in parts)
        {
            var text = part switch
            {
                TextPart t => t.Text,
                ImagePart => "[image]",
                DocumentPart => "[document]",
                _ => null,
            };
            if (text is not null)
            {
                builder.Append(builder.Length > 0 ? " " : "").Append(text);
            }
        }

        return builder.ToString();
    }

    internal static List<string> Split(string text)
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
