using System.Text.Json;
using LlmGateway.Auth;
using LlmGateway.Json;
using LlmGateway.Usage;
using Microsoft.AspNetCore.Http;

namespace LlmGateway.Management;

/// <summary>
/// <c>GET /v1/usage</c>: the calling client key's own usage over the last day, week and month (rolling windows
/// ending now), each in total and per model asked for. Served through the client-key pipeline like every
/// <c>/v1</c> route, so errors are in OpenAI's shape; a key sees its own records only.
/// </summary>
internal sealed class ClientUsageHandler(IUsageStore store, TimeProvider timeProvider)
{
    public async Task HandleAsync(HttpContext context, ClientIdentity client)
    {
        var now = timeProvider.GetUtcNow();
        var (monthFrom, to) = UsagePeriod.Month.Window(now);
        var records = await store.ReadAsync(new UsageFilter { From = monthFrom, To = to, ClientKey = client.KeyName }, context.RequestAborted)
            .ToListAsync(context.RequestAborted).ConfigureAwait(false);
        var view = new ClientUsageView(
            client.KeyName,
            await PeriodAsync(records, UsagePeriod.Day, now, context.RequestAborted).ConfigureAwait(false),
            await PeriodAsync(records, UsagePeriod.Week, now, context.RequestAborted).ConfigureAwait(false),
            await PeriodAsync(records, UsagePeriod.Month, now, context.RequestAborted).ConfigureAwait(false));
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, view, JsonDefaults.Context.ClientUsageView, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task<ClientUsagePeriodView> PeriodAsync(List<UsageRecord> records, UsagePeriod period, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (from, to) = period.Window(now);
        var inPeriod = records.Where(r => r.Time >= from && r.Time < to).ToAsyncEnumerable();
        var summary = await UsageSummary.BuildAsync(inPeriod, UsageGroupBy.Model, cancellationToken).ConfigureAwait(false);
        return new ClientUsagePeriodView(from, to, UsageStatsView.From(summary.Total), [.. summary.Groups.Select(g => UsageStatsView.From(g.Totals, g.Key))]);
    }
}
