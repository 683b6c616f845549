using System.Globalization;
using System.Runtime.CompilerServices;
using LlmGateway.Storage.Tables;

namespace LlmGateway.Usage;

/// <summary>
/// The read side over the records table. Every read first flushes this instance's queue, so a caller sees its own
/// latest requests (other instances' records appear once they flush, within <c>UsageFlushSeconds</c>). Filters go to
/// the service as OData (day partitions and row-key ranges for time, equality for key, model and endpoint, a range
/// for status) and are checked again here, so both stores answer exactly alike. Summaries are computed from the
/// records of the period: exact, and no aggregate needs to agree with them.
/// </summary>
internal sealed partial class TableUsageSink
{
    /// <summary>The columns a filter looks at: what the counting pass of a history page reads.</summary>
    private static readonly string[] FilterColumns = ["Time", "ClientKey", "Endpoint", "ModelRequested", "ModelServed", "Status"];

    public async IAsyncEnumerable<UsageRecord> ReadAsync(UsageFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await PrepareReadAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var entity in _records.QueryAsync(new TableQuery { Filter = ODataFilter(filter) }, cancellationToken).ConfigureAwait(false))
        {
            var record = UsageTableEntities.FromEntity(entity);
            if (filter.Matches(record))
            {
                yield return record;
            }
        }
    }

    /// <summary>
    /// Newest first without holding more than a page: one pass counts the matching records per day (reading only the
    /// filtered columns), then only the days that hold the page are read, keeping just the page's rows.
    /// </summary>
    public async Task<UsagePage> QueryAsync(UsageQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await PrepareReadAsync(cancellationToken).ConfigureAwait(false);
        var filter = ODataFilter(query.Filter);
        var perDay = new SortedDictionary<string, int>(StringComparer.Ordinal);
        await foreach (var entity in _records.QueryAsync(new TableQuery { Filter = filter, Select = FilterColumns }, cancellationToken).ConfigureAwait(false))
        {
            if (query.Filter.Matches(UsageTableEntities.FromEntity(entity)))
            {
                perDay[entity.PartitionKey] = perDay.GetValueOrDefault(entity.PartitionKey) + 1;
            }
        }

        var total = perDay.Values.Sum(c => (long)c);
        var page = new List<UsageRecord>(Math.Min(query.Limit, 1024));
        long newer = 0;
        foreach (var (day, count) in perDay.Reverse())
        {
            if (page.Count >= query.Limit)
            {
                break;
            }

            if (newer + count <= query.Skip)
            {
                newer += count;
                continue;
            }

            // Newest-first positions [first, first + take) of this day are ascending positions [count - first - take, count - first).
            var first = (int)Math.Max(0, query.Skip - newer);
            var take = Math.Min(count - first, query.Limit - page.Count);
            page.AddRange(await ReadSliceAsync(day, filter, query.Filter, count - first - take, count - first, cancellationToken).ConfigureAwait(false));
            newer += count;
        }

        return new UsagePage(page, query.Page, query.Limit, total);
    }

    public Task<UsageSummary> SummaryAsync(DateTimeOffset from, DateTimeOffset to, UsageGroupBy groupBy, string? clientKey = null, CancellationToken cancellationToken = default) =>
        UsageSummary.BuildAsync(ReadAsync(new UsageFilter { From = from, To = to, ClientKey = clientKey }, cancellationToken), groupBy, cancellationToken);

    /// <summary>The matching records of one day at ascending positions [from, to), newest first.</summary>
    private async Task<List<UsageRecord>> ReadSliceAsync(string day, string? odata, UsageFilter filter, int from, int to, CancellationToken cancellationToken)
    {
        var slice = new List<UsageRecord>(to - from);
        var position = 0;
        await foreach (var entity in _records.QueryAsync(new TableQuery { PartitionKey = day, Filter = odata }, cancellationToken).ConfigureAwait(false))
        {
            var record = UsageTableEntities.FromEntity(entity);
            if (!filter.Matches(record))
            {
                continue;
            }

            if (position >= from)
            {
                slice.Add(record);
            }

            if (++position >= to)
            {
                break;
            }
        }

        slice.Reverse();
        return slice;
    }

    private async Task PrepareReadAsync(CancellationToken cancellationToken)
    {
        await EnsureTablesAsync(cancellationToken).ConfigureAwait(false);
        await FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The filter in OData. Row keys start with the record's UTC ticks in 19 digits, so a time range is a row-key
    /// range on every day partition; the partition range only spares the service the other days.
    /// </summary>
    internal static string? ODataFilter(UsageFilter filter)
    {
        var conditions = new List<string>();
        if (filter.From is { } from)
        {
            conditions.Add(TableFilter.Create($"PartitionKey ge {UsageTableEntities.Day(from)}"));
            conditions.Add(TableFilter.Create($"RowKey ge {Ticks(from)}"));
        }

        if (filter.To is { } to)
        {
            conditions.Add(TableFilter.Create($"PartitionKey le {UsageTableEntities.Day(to)}"));
            conditions.Add(TableFilter.Create($"RowKey lt {Ticks(to)}"));
        }

        if (filter.ClientKey is { } key)
        {
            conditions.Add(TableFilter.Equal("ClientKey", key));
        }

        if (filter.Model is { } model)
        {
            conditions.Add(TableFilter.Equal("ModelRequested", model) + " or " + TableFilter.Equal("ModelServed", model));
        }

        if (filter.Endpoint is { } endpoint)
        {
            conditions.Add(TableFilter.Equal("Endpoint", endpoint));
        }

        if (filter.StatusMin is { } min)
        {
            conditions.Add(TableFilter.Create($"Status ge {min}"));
        }

        if (filter.StatusMax is { } max)
        {
            conditions.Add(TableFilter.Create($"Status le {max}"));
        }

        return conditions.Count == 0 ? null : TableFilter.And([.. conditions]);
    }

    private static string Ticks(DateTimeOffset time) => time.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);
}
