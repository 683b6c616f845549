using System.Globalization;
using System.Text;

namespace LlmGateway.Storage.Tables;

/// <summary>
/// Builds OData <c>$filter</c> expressions with every value written as a literal of its type, so that a value can
/// never change the expression: <c>TableFilter.Create($"PartitionKey eq {pk} and Count ge {10L}")</c> gives
/// <c>PartitionKey eq 'o''brien' and Count ge 10L</c>. Property names and operators are the caller's text.
/// </summary>
internal static class TableFilter
{
    /// <summary>Formats <paramref name="filter"/> with each argument as an OData literal (see <see cref="Literal"/>).</summary>
    public static string Create(FormattableString filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var arguments = filter.GetArguments();
        var literals = new object[arguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            literals[i] = Literal(arguments[i]);
        }

        return string.Format(CultureInfo.InvariantCulture, filter.Format, literals);
    }

    /// <summary><c>name eq literal</c>.</summary>
    public static string Equal(string property, object value) => $"{property} eq {Literal(value)}";

    /// <summary>Joins conditions with <c>and</c>, each in parentheses; empty conditions are left out.</summary>
    public static string And(params ReadOnlySpan<string?> conditions)
    {
        var builder = new StringBuilder();
        var count = 0;
        foreach (var condition in conditions)
        {
            if (string.IsNullOrWhiteSpace(condition))
            {
                continue;
            }

            builder.Append(count++ == 0 ? "(" : " and (").Append(condition).Append(')');
        }

        return builder.ToString();
    }

    /// <summary>A string in single quotes with each quote doubled: <c>o'brien</c> → <c>'o''brien'</c>.</summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    /// <summary>
    /// An OData literal: <c>'text'</c>, <c>true</c>, <c>42</c>, <c>42L</c>, <c>1.5</c>, <c>datetime'2025-01-01T00:00:00.0000000Z'</c>,
    /// <c>guid'…'</c>, <c>X'0aff'</c>.
    /// </summary>
    public static string Literal(object? value) => value switch
    {
        string s => Quote(s),
        bool b => b ? "true" : "false",
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture) + "L",
        double d when double.IsFinite(d) => FormatDouble(d),
        DateTimeOffset t => "datetime'" + TableEntityJson.FormatDateTime(t) + "'",
        DateTime t => "datetime'" + TableEntityJson.FormatDateTime(new DateTimeOffset(t.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(t, DateTimeKind.Utc) : t)) + "'",
        Guid g => "guid'" + g.ToString("D") + "'",
        byte[] bytes => "X'" + Convert.ToHexStringLower(bytes) + "'",
        null => throw new ArgumentNullException(nameof(value), "A filter value cannot be null."),
        _ => throw new ArgumentException($"A filter value of type {value.GetType().Name} has no OData literal.", nameof(value)),
    };

    private static string FormatDouble(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.AsSpan().IndexOfAny('.', 'E', 'e') < 0 ? text + ".0" : text;
    }
}
