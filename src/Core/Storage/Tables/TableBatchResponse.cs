using System.Globalization;

namespace LlmGateway.Storage.Tables;

/// <summary>
/// Reads the <c>multipart/mixed</c> answer of an entity group transaction: each embedded <c>HTTP/1.1 status</c>
/// response with its headers and body, in order. A committed batch has one part per operation; a rejected one has a
/// single error part whose message starts with the failing operation's index (<c>"3:The specified entity
/// already exists."</c>).
/// </summary>
internal static class TableBatchResponse
{
    internal sealed record Part(int Status, IReadOnlyDictionary<string, string> Headers, string Body);

    public static IReadOnlyList<Part> Parse(string body)
    {
        var parts = new List<Part>();
        var lines = body.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (!line.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) || line.Length < 12
                || !int.TryParse(line.AsSpan(9, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var status))
            {
                continue;
            }

            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (i++; i < lines.Length; i++)
            {
                var header = lines[i].TrimEnd('\r');
                if (header.Length == 0)
                {
                    break;
                }

                var colon = header.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    headers[header[..colon].Trim()] = header[(colon + 1)..].Trim();
                }
            }

            var content = new List<string>();
            for (i++; i < lines.Length && !lines[i].StartsWith("--", StringComparison.Ordinal); i++)
            {
                content.Add(lines[i].TrimEnd('\r'));
            }

            i--;
            parts.Add(new Part(status, headers, string.Join('\n', content).Trim()));
        }

        return parts;
    }

    /// <summary>The operation index an error message starts with (<c>"3:..."</c>), or null.</summary>
    public static int? FailedIndex(string? message)
    {
        if (message is null)
        {
            return null;
        }

        var colon = message.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && int.TryParse(message.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : null;
    }

    /// <summary>The message without its <c>"3:"</c> index prefix.</summary>
    public static string? WithoutIndex(string? message) =>
        FailedIndex(message) is null ? message : message![(message!.IndexOf(':', StringComparison.Ordinal) + 1)..];
}
