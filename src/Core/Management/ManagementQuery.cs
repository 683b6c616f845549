using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace LlmGateway.Management;

/// <summary>Reads query parameters, answering 400 with the parameter named when one is not what it must be.</summary>
internal static class ManagementQuery
{
    /// <summary>The parameter's value; null when absent or empty.</summary>
    public static string? Text(HttpRequest request, string name)
    {
        var values = request.Query[name];
        if (values.Count > 1)
        {
            throw ManagementResponses.BadParameter(name, $"Query parameter '{name}' is given {values.Count} times; give it once.");
        }

        var value = values.ToString();
        return value.Length == 0 ? null : value;
    }

    public static int Integer(HttpRequest request, string name, int fallback, int min, int max)
    {
        if (Text(request, name) is not { } text)
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw ManagementResponses.BadParameter(name, $"Query parameter '{name}' must be a whole number from {min} to {max}; got '{text}'.");
        }

        return value;
    }

    /// <summary>An ISO 8601 time (<c>2026-01-31T12:00:00Z</c>) or date (<c>2026-01-31</c>, midnight UTC); no offset means UTC.</summary>
    public static DateTimeOffset? Time(HttpRequest request, string name)
    {
        if (Text(request, name) is not { } text)
        {
            return null;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            throw ManagementResponses.BadParameter(name, $"Query parameter '{name}' must be an ISO 8601 time such as 2026-01-31T12:00:00Z or a date such as 2026-01-31; got '{text}'.");
        }

        return value;
    }

    /// <summary>One of <paramref name="choices"/> (case-insensitive), or <paramref name="fallback"/> when absent.</summary>
    public static T Choice<T>(HttpRequest request, string name, T fallback, IReadOnlyDictionary<string, T> choices)
    {
        if (Text(request, name) is not { } text)
        {
            return fallback;
        }

        foreach (var (key, value) in choices)
        {
            if (string.Equals(key, text, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        throw ManagementResponses.BadParameter(name, $"Query parameter '{name}' must be one of {string.Join(", ", choices.Keys)}; got '{text}'.");
    }
}
