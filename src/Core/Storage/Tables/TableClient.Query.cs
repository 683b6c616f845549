using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Azure.Core;

namespace LlmGateway.Storage.Tables;

internal sealed partial class TableClient
{
    public async IAsyncEnumerable<TableEntity> QueryAsync(TableQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var page in QueryPagesAsync(query, cancellationToken).ConfigureAwait(false))
        {
            foreach (var entity in page.Entities)
            {
                yield return entity;
            }
        }
    }

    public async IAsyncEnumerable<TablePage> QueryPagesAsync(TableQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var baseQuery = QueryString(query);
        string? nextPartitionKey = null;
        string? nextRowKey = null;
        do
        {
            cancellationToken.ThrowIfCancellationRequested();
            var pathAndQuery = new StringBuilder(Name).Append("()").Append(baseQuery);
            var separator = baseQuery.Length == 0 ? '?' : '&';
            if (nextPartitionKey is not null)
            {
                AppendParameter(pathAndQuery, ref separator, "NextPartitionKey", nextPartitionKey);
            }

            if (nextRowKey is not null)
            {
                AppendParameter(pathAndQuery, ref separator, "NextRowKey", nextRowKey);
            }

            var page = await ReadPageAsync(pathAndQuery.ToString(), cancellationToken).ConfigureAwait(false);
            (nextPartitionKey, nextRowKey) = (page.NextPartitionKey, page.NextRowKey);
            yield return page;
        }
        while (nextPartitionKey is not null || nextRowKey is not null);
    }

    /// <summary>The <c>?$filter=…&amp;$select=…&amp;$top=…</c> of a query, each value percent-encoded; empty when it has none.</summary>
    internal static string QueryString(TableQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.PartitionKey is not null)
        {
            TableKeys.ValidateKey(query.PartitionKey, nameof(query));
        }

        if (query.MaxPerPage is < 1 or > TableConstants.MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.MaxPerPage, $"MaxPerPage must be 1 to {TableConstants.MaxPageSize}.");
        }

        var filter = query.PartitionKey is null
            ? query.Filter
            : TableFilter.And(TableFilter.Equal("PartitionKey", query.PartitionKey), query.Filter);

        var text = new StringBuilder();
        var separator = '?';
        if (!string.IsNullOrWhiteSpace(filter))
        {
            AppendParameter(text, ref separator, "$filter", filter);
        }

        if (query.Select is { Count: > 0 } select)
        {
            var names = new List<string> { "PartitionKey", "RowKey" };
            foreach (var name in select)
            {
                ArgumentException.ThrowIfNullOrWhiteSpace(name, nameof(query));
                if (!names.Contains(name, StringComparer.Ordinal))
                {
                    names.Add(name);
                }
            }

            AppendParameter(text, ref separator, "$select", string.Join(',', names));
        }

        if (query.MaxPerPage is int top)
        {
            AppendParameter(text, ref separator, "$top", top.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    private static void AppendParameter(StringBuilder text, ref char separator, string name, string value)
    {
        text.Append(separator).Append(name).Append('=').Append(Uri.EscapeDataString(value));
        separator = '&';
    }

    private async Task<TablePage> ReadPageAsync(string pathAndQuery, CancellationToken cancellationToken)
    {
        using var message = CreateMessage(RequestMethod.Get, pathAndQuery);
        var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (response.Status != 200)
        {
            throw Failed(TableErrors.FromResponse(response, "query", Name), "query");
        }

        var entities = new List<TableEntity>();
        using (var document = JsonDocument.Parse(response.Content.ToMemory()))
        {
            if (document.RootElement.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array)
            {
                foreach (var element in value.EnumerateArray())
                {
                    entities.Add(TableEntityJson.Read(element));
                }
            }
        }

        response.Headers.TryGetValue(TableConstants.ContinuationNextPartitionKey, out var nextPartitionKey);
        response.Headers.TryGetValue(TableConstants.ContinuationNextRowKey, out var nextRowKey);
        return new TablePage(entities, NullIfEmpty(nextPartitionKey), NullIfEmpty(nextRowKey));
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
