using System.Buffers;
using System.Text;
using System.Text.Json;
using LlmGateway.Http;
using LlmGateway.Json;
using LlmGateway.Usage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LlmGateway.Management;

/// <summary>
/// <c>/v0/management/usage/*</c>: summaries by period and dimension, paged history, an NDJSON export of a time range
/// and the matching import (idempotent by record id, so an export can be imported again safely).
/// </summary>
internal sealed partial class UsageManagementHandler(IUsageStore store, TimeProvider timeProvider, ILogger<UsageManagementHandler> logger)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 1000;
    private const int ImportChunk = 500;
    private const int ExportFlushEvery = 200;

    private static readonly Dictionary<string, UsageGroupBy> GroupBys = new(StringComparer.OrdinalIgnoreCase)
    {
        ["key"] = UsageGroupBy.Key,
        ["model"] = UsageGroupBy.Model,
        ["credential"] = UsageGroupBy.Credential,
        ["provider"] = UsageGroupBy.Provider,
    };

    /// <summary><c>GET usage/summary?period=day|week|month&amp;groupBy=key|model|credential|provider</c> (defaults: day, model).</summary>
    public async Task SummaryAsync(HttpContext context)
    {
        var period = ManagementQuery.Choice(context.Request, "period", UsagePeriod.Day, UsagePeriod.ByName);
        var groupBy = ManagementQuery.Choice(context.Request, "groupBy", UsageGroupBy.Model, GroupBys);
        var (from, to) = period.Window(timeProvider.GetUtcNow());
        var summary = await store.SummaryAsync(from, to, groupBy, null, context.RequestAborted).ConfigureAwait(false);
        var view = new UsageSummaryView(
            period.Name,
            from,
            to,
            GroupBys.First(g => g.Value == groupBy).Key,
            UsageStatsView.From(summary.Total),
            [.. summary.Groups.Select(g => UsageStatsView.From(g.Totals, g.Key))]);
        await ManagementResponses.WriteAsync(context, view, JsonDefaults.Context.UsageSummaryView).ConfigureAwait(false);
    }

    /// <summary><c>GET usage/history?page&amp;limit&amp;model&amp;key&amp;endpoint&amp;status&amp;from&amp;to</c>, newest first.</summary>
    public async Task HistoryAsync(HttpContext context)
    {
        var page = ManagementQuery.Integer(context.Request, "page", 1, 1, 1_000_000);
        var limit = ManagementQuery.Integer(context.Request, "limit", DefaultLimit, 1, MaxLimit);
        var result = await store.QueryAsync(new UsageQuery(Filter(context.Request), page, limit), context.RequestAborted).ConfigureAwait(false);
        var view = new UsageHistoryView([.. result.Records.Select(UsageRecordView.From)], result.Page, result.Limit, result.Total, result.HasMore);
        await ManagementResponses.WriteAsync(context, view, JsonDefaults.Context.UsageHistoryView).ConfigureAwait(false);
    }

    /// <summary><c>GET usage/export?from&amp;to</c> (and the history filters): one JSON record per line, oldest first, streamed.</summary>
    public async Task ExportAsync(HttpContext context)
    {
        var filter = Filter(context.Request);
        var aborted = context.RequestAborted;
        var count = 0;
        var enumerator = store.ReadAsync(filter, aborted).GetAsyncEnumerator(aborted);
        try
        {
            // The first read (a storage failure) still gets a proper error answer; after it the stream has begun.
            var any = await enumerator.MoveNextAsync().ConfigureAwait(false);
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/x-ndjson";
            var pipe = context.Response.BodyWriter;
            using (var json = new Utf8JsonWriter(pipe, JsonDefaults.Writer))
            {
                while (any)
                {
                    JsonSerializer.Serialize(json, UsageRecordView.From(enumerator.Current), JsonDefaults.Context.UsageRecordView);
                    json.Flush();
                    json.Reset();
                    pipe.Write("\n"u8);
                    if (++count % ExportFlushEvery == 0)
                    {
                        await pipe.FlushAsync(aborted).ConfigureAwait(false);
                    }

                    any = await enumerator.MoveNextAsync().ConfigureAwait(false);
                }
            }

            await pipe.FlushAsync(aborted).ConfigureAwait(false);
        }
        finally
        {
            await enumerator.DisposeAsync().ConfigureAwait(false);
        }

        LogExported(logger, count);
    }

    /// <summary><c>POST usage/import</c>: NDJSON as exported. Every line is checked before anything is stored.</summary>
    public async Task ImportAsync(HttpContext context)
    {
        var records = new List<UsageRecord>();
        using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true))
        {
            var number = 0;
            while (await reader.ReadLineAsync(context.RequestAborted).ConfigureAwait(false) is { } line)
            {
                number++;
                if (!string.IsNullOrWhiteSpace(line))
                {
                    records.Add(Parse(line, number));
                }
            }
        }

        var imported = 0;
        foreach (var chunk in records.Chunk(ImportChunk))
        {
            imported += await store.ImportAsync(chunk, context.RequestAborted).ConfigureAwait(false);
        }

        LogImported(logger, records.Count, imported);
        await ManagementResponses.WriteAsync(context, new UsageImportResult(records.Count, imported), JsonDefaults.Context.UsageImportResult).ConfigureAwait(false);
    }

    /// <summary>The history and export filters: <c>from</c>, <c>to</c> (exclusive), <c>key</c>, <c>model</c>, <c>endpoint</c>, <c>status</c>.</summary>
    internal static UsageFilter Filter(HttpRequest request)
    {
        var from = ManagementQuery.Time(request, "from");
        var to = ManagementQuery.Time(request, "to");
        if (from is { } f && to is { } t && f >= t)
        {
            throw ManagementResponses.BadParameter("from", "Query parameter 'from' must be earlier than 'to'.");
        }

        var (min, max) = Status(ManagementQuery.Text(request, "status"));
        return new UsageFilter
        {
            From = from,
            To = to,
            ClientKey = ManagementQuery.Text(request, "key"),
            Model = ManagementQuery.Text(request, "model"),
            Endpoint = ManagementQuery.Text(request, "endpoint")?.TrimStart('/'),
            StatusMin = min,
            StatusMax = max,
        };
    }

    /// <summary><c>200</c> (one status), <c>4xx</c> (a class) or <c>error</c> (400 and above).</summary>
    private static (int? Min, int? Max) Status(string? text)
    {
        if (text is null)
        {
            return (null, null);
        }

        if (string.Equals(text, "error", StringComparison.OrdinalIgnoreCase))
        {
            return (400, 999);
        }

        if (text.Length == 3 && text[0] is >= '1' and <= '5' && text.EndsWith("xx", StringComparison.OrdinalIgnoreCase))
        {
            var hundreds = (text[0] - '0') * 100;
            return (hundreds, hundreds + 99);
        }

        if (text.Length == 3 && int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var status) && status >= 100)
        {
            return (status, status);
        }

        throw ManagementResponses.BadParameter("status", $"Query parameter 'status' must be a status code (200), a class (4xx) or 'error'; got '{text}'.");
    }

    private static UsageRecord Parse(string line, int number)
    {
        UsageRecordView? view;
        try
        {
            view = JsonSerializer.Deserialize(line, JsonDefaults.Context.UsageRecordView);
        }
        catch (JsonException ex)
        {
            throw new GatewayErrorException(GatewayError.BadRequest($"Line {number} is not a usage record: {ex.Message} Nothing was imported.", "body", "invalid_record"));
        }

        if (view is null)
        {
            throw new GatewayErrorException(GatewayError.BadRequest($"Line {number} is not a usage record (null). Nothing was imported.", "body", "invalid_record"));
        }

        var (record, missing) = view.ToRecord();
        return record ?? throw new GatewayErrorException(GatewayError.BadRequest(
            $"Line {number}: '{missing}' is missing or invalid. Nothing was imported.", missing, "invalid_record"));
    }

    [LoggerMessage(EventId = 5020, Level = LogLevel.Information, Message = "Usage export: {Count} records")]
    private static partial void LogExported(ILogger logger, int count);

    [LoggerMessage(EventId = 5021, Level = LogLevel.Information, Message = "Usage import: {Received} records received, {Imported} new")]
    private static partial void LogImported(ILogger logger, int received, int imported);
}
