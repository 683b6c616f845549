using System.Text.RegularExpressions;

namespace LlmGateway.Storage.Tables;

/// <summary>
/// Table names and entity keys: the service's rules for them, checked before a request is sent, and how they are
/// written into a request path (<c>table(PartitionKey='a''b',RowKey='c%20d')</c>: quotes doubled, then percent-encoded).
/// </summary>
internal static partial class TableKeys
{
    /// <summary>Throws unless <paramref name="name"/> is a valid table name: 3 to 63 letters and digits, starting with a letter.</summary>
    public static string ValidateTableName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!TableNamePattern().IsMatch(name) || string.Equals(name, "tables", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException(
                $"'{name}' is not a valid table name: use 3 to 63 letters and digits, starting with a letter (and not 'tables').",
                nameof(name));
        }

        return name;
    }

    /// <summary>
    /// Throws unless <paramref name="key"/> is a valid PartitionKey or RowKey: no <c>/</c>, <c>\</c>, <c>#</c>,
    /// <c>?</c> or control characters (the service checks the size, 1 KiB).
    /// </summary>
    public static void ValidateKey(string key, string paramName)
    {
        ArgumentNullException.ThrowIfNull(key, paramName);
        foreach (var c in key)
        {
            if (c is '/' or '\\' or '#' or '?' || char.IsControl(c))
            {
                throw new ArgumentException(
                    "A PartitionKey or RowKey may not contain '/', '\\', '#', '?' or control characters.", paramName);
            }
        }
    }

    /// <summary>A key as it appears inside the quotes of an entity path: quotes doubled, then percent-encoded.</summary>
    public static string EscapeKey(string key) => Uri.EscapeDataString(key.Replace("'", "''", StringComparison.Ordinal));

    /// <summary>The path of one entity relative to the service endpoint, e.g. <c>orders(PartitionKey='a',RowKey='1')</c>.</summary>
    public static string EntityPath(string table, string partitionKey, string rowKey) =>
        $"{table}(PartitionKey='{EscapeKey(partitionKey)}',RowKey='{EscapeKey(rowKey)}')";

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex TableNamePattern();
}
