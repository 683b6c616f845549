using System.Net;
using System.Text.Json.Nodes;
using LlmGateway.Tests.Infrastructure;

namespace LlmGateway.Tests.EndToEnd.Management;

/// <summary><c>/v0/management/usage/*</c> over usage recorded by real requests into Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ManagementUsageTests(AzuriteFixture azurite) : ManagementTest(azurite)
{
    private static readonly string[] GroupBys = ["key", "model", "credential", "provider"];
    private static readonly string[] Periods = ["day", "week", "month"];

    [Fact]
    public async Task Summary_GroupedByEachDimension_CountsRequestsTokensAndErrors()
    {
        var keyId = await SeedTodayAsync();

        var byKey = await GetAsync("usage/summary?period=day&groupBy=key");
        var byModel = await GetAsync("usage/summary?groupBy=model");
        var byCredential = await GetAsync("usage/summary?period=day&groupBy=credential");
        var byProvider = await GetAsync("usage/summary?period=DAY&groupBy=Provider");

        Assert.Equal("day", byKey["period"]!.GetValue<string>());
        Assert.Equal(Clock.GetUtcNow().AddDays(-1), byKey["from"]!.GetValue<DateTimeOffset>());
        var total = byKey["total"]!;
        Assert.Equal(4, total["requests"]!.GetValue<long>());
        Assert.Equal(1, total["errors"]!.GetValue<long>());
        Assert.Null(total["key"]);
        Assert.Equal(new Dictionary<string, long> { ["test"] = 3, [keyId] = 1 }, Requests(byKey));
        Assert.Equal(new Dictionary<string, long> { ["echo"] = 1, ["gpt-4o"] = 3 }, Requests(byModel));
        Assert.Equal(new Dictionary<string, long> { ["none"] = 1, ["openai:0"] = 3 }, Requests(byCredential));
        Assert.Equal(new Dictionary<string, long> { ["mock"] = 1, ["openai"] = 3 }, Requests(byProvider));

        var gpt = Group(byModel, "gpt-4o");
        Assert.Equal(1, gpt["errors"]!.GetValue<long>());
        Assert.Equal(22, gpt["inputTokens"]!.GetValue<long>());
        Assert.Equal(6, gpt["outputTokens"]!.GetValue<long>());
        Assert.Equal(10, gpt["cachedTokens"]!.GetValue<long>());
        Assert.Equal(2, gpt["reasoningTokens"]!.GetValue<long>());
        Assert.Equal(0, gpt["averageLatencyMs"]!.GetValue<double>());
        Assert.Null(gpt["averageTimeToFirstTokenMs"]);
    }

    [Fact]
    public async Task Summary_Period_CoversOnlyItsWindow()
    {
        await ChatOkAsync();
        Clock.Advance(TimeSpan.FromDays(3));
        await ChatOkAsync();
        Clock.Advance(TimeSpan.FromDays(10));
        await ChatOkAsync();

        var day = await GetAsync("usage/summary?period=day");
        var week = await GetAsync("usage/summary?period=week");
        var month = await GetAsync("usage/summary?period=month");

        Assert.Equal(1, day["total"]!["requests"]!.GetValue<long>());
        Assert.Equal(1, week["total"]!["requests"]!.GetValue<long>());
        Assert.Equal(3, month["total"]!["requests"]!.GetValue<long>());
        Assert.Equal(Clock.GetUtcNow().AddDays(-30), month["from"]!.GetValue<DateTimeOffset>());
    }

    [Theory]
    [InlineData("usage/summary?period=year", "period")]
    [InlineData("usage/summary?groupBy=colour", "groupBy")]
    [InlineData("usage/summary?period=day&period=week", "period")]
    [InlineData("usage/history?page=0", "page")]
    [InlineData("usage/history?page=-1", "page")]
    [InlineData("usage/history?page=two", "page")]
    [InlineData("usage/history?limit=0", "limit")]
    [InlineData("usage/history?limit=1001", "limit")]
    [InlineData("usage/history?limit=1.5", "limit")]
    [InlineData("usage/history?from=yesterday", "from")]
    [InlineData("usage/history?to=2026-13-01", "to")]
    [InlineData("usage/history?from=2026-01-02&to=2026-01-01", "from")]
    [InlineData("usage/history?status=abc", "status")]
    [InlineData("usage/history?status=6xx", "status")]
    [InlineData("usage/export?from=nope", "from")]
    public async Task Query_BadParameter_Answers400NamingIt(string path, string parameter)
    {
        var body = await GetAsync(path, HttpStatusCode.BadRequest);

        Assert.Equal("invalid_parameter", body["error"]!.GetValue<string>());
        Assert.Equal(parameter, body["param"]!.GetValue<string>());
        Assert.Contains($"'{parameter}'", body["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_PagesNewestFirstAcrossDaysWithTotalAndHasMore()
    {
        // Five requests over three UTC days: pages of two cross day partitions.
        foreach (var step in new[] { TimeSpan.Zero, TimeSpan.FromHours(1), TimeSpan.FromDays(1), TimeSpan.FromHours(1), TimeSpan.FromDays(1) })
        {
            Clock.Advance(step);
            await ChatOkAsync();
        }

        var expected = Gateway.Usage.Recent.OrderByDescending(r => r.Time).Select(r => r.Id.ToString()).ToList();
        var pages = new List<JsonNode>();
        for (var page = 1; page <= 4; page++)
        {
            pages.Add(await GetAsync($"usage/history?page={page}&limit=2"));
        }

        Assert.Equal(expected, pages.SelectMany(p => p["data"]!.AsArray()).Select(r => r!["id"]!.GetValue<string>()));
        Assert.Equal([2, 2, 1, 0], pages.Select(p => p["data"]!.AsArray().Count));
        Assert.Equal([true, true, false, false], pages.Select(p => p["hasMore"]!.GetValue<bool>()));
        Assert.All(pages, p => Assert.Equal(5, p["total"]!.GetValue<long>()));
        Assert.Equal([1, 2, 3, 4], pages.Select(p => p["page"]!.GetValue<int>()));
        Assert.All(pages, p => Assert.Equal(2, p["limit"]!.GetValue<int>()));

        var first = pages[0]["data"]![0]!;
        Assert.Equal("test", first["key"]!.GetValue<string>());
        Assert.Equal("chat/completions", first["endpoint"]!.GetValue<string>());
        Assert.Equal("gpt-4o", first["model"]!.GetValue<string>());
        Assert.Equal("openai:0", first["credential"]!.GetValue<string>());
        Assert.Equal(200, first["status"]!.GetValue<int>());
        Assert.Equal(11, first["inputTokens"]!.GetValue<long>());
    }

    [Fact]
    public async Task History_Filters_SelectByModelKeyEndpointStatusAndTime()
    {
        var start = Clock.GetUtcNow();
        var keyId = await SeedTodayAsync();
        Clock.Advance(TimeSpan.FromDays(1));
        await ChatOkAsync();

        Assert.Equal(5, await TotalAsync("usage/history"));
        Assert.Equal(1, await TotalAsync("usage/history?model=echo"));
        Assert.Equal(4, await TotalAsync("usage/history?model=gpt-4o"));
        Assert.Equal(1, await TotalAsync("usage/history?key=" + keyId));
        Assert.Equal(4, await TotalAsync("usage/history?key=test"));
        Assert.Equal(5, await TotalAsync("usage/history?endpoint=/chat/completions"));
        Assert.Equal(0, await TotalAsync("usage/history?endpoint=messages"));
        Assert.Equal(1, await TotalAsync("usage/history?status=400"));
        Assert.Equal(1, await TotalAsync("usage/history?status=4xx"));
        Assert.Equal(1, await TotalAsync("usage/history?status=error"));
        Assert.Equal(4, await TotalAsync("usage/history?status=2xx"));
        Assert.Equal(4, await TotalAsync($"usage/history?from={Utc(start)}&to={Utc(start.AddHours(1))}"));
        Assert.Equal(1, await TotalAsync($"usage/history?from={Utc(start.AddHours(1))}"));
        Assert.Equal(4, await TotalAsync($"usage/history?to={start.AddDays(1):yyyy-MM-dd}"));
        Assert.Equal(1, await TotalAsync($"usage/history?key=test&status=error&model=gpt-4o&to={Utc(start.AddDays(1))}"));
    }

    [Fact]
    public async Task ExportThenImport_IntoAFreshStore_GivesIdenticalSummariesAndHistory()
    {
        await SeedTodayAsync();
        Clock.Advance(TimeSpan.FromDays(2));
        await ChatOkAsync(model: "echo");
        Clock.Advance(TimeSpan.FromHours(3));
        await ChatOkAsync();
        var export = await ExportAsync(Gateway, "usage/export");
        var (fresh, _) = await StartGatewayAsync();

        var imported = await JsonAsync(fresh, HttpMethod.Post, "usage/import", export);
        var again = await JsonAsync(fresh, HttpMethod.Post, "usage/import", export);

        Assert.Equal(6, export.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(6, imported["received"]!.GetValue<int>());
        Assert.Equal(6, imported["imported"]!.GetValue<int>());
        Assert.Equal(0, again["imported"]!.GetValue<int>());
        foreach (var period in Periods)
        {
            foreach (var groupBy in GroupBys)
            {
                var path = $"usage/summary?period={period}&groupBy={groupBy}";
                Assert.Equal((await JsonAsync(Gateway, HttpMethod.Get, path)).ToJsonString(), (await JsonAsync(fresh, HttpMethod.Get, path)).ToJsonString());
            }
        }

        Assert.Equal((await JsonAsync(Gateway, HttpMethod.Get, "usage/history?limit=1000")).ToJsonString(), (await JsonAsync(fresh, HttpMethod.Get, "usage/history?limit=1000")).ToJsonString());
        Assert.Equal(export, await ExportAsync(fresh, "usage/export"));
    }

    [Fact]
    public async Task Export_TimeRange_HoldsOnlyThoseRecordsOldestFirst()
    {
        await ChatOkAsync();
        var from = Clock.GetUtcNow().AddHours(1);
        Clock.Advance(TimeSpan.FromHours(2));
        await ChatOkAsync(model: "echo");
        Clock.Advance(TimeSpan.FromHours(2));
        await ChatOkAsync();
        var to = Clock.GetUtcNow();

        var lines = (await ExportAsync(Gateway, $"usage/export?from={Utc(from)}&to={Utc(to)}")).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var record = JsonNode.Parse(Assert.Single(lines))!;
        Assert.Equal("echo", record["model"]!.GetValue<string>());
        Assert.Equal(from.AddHours(1), record["time"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task Import_InvalidLine_Answers400AndImportsNothing()
    {
        await ChatOkAsync();
        var good = (await ExportAsync(Gateway, "usage/export")).TrimEnd('\n');
        var (fresh, _) = await StartGatewayAsync();

        var missing = await JsonAsync(fresh, HttpMethod.Post, "usage/import", good + "\n" + """{"id":"5f0e4b7a-2f7c-4a8e-9d55-0d5a3c3f9e11","time":"2026-01-01T12:00:00Z","endpoint":"x","model":"m","status":200}""", HttpStatusCode.BadRequest);
        var broken = await JsonAsync(fresh, HttpMethod.Post, "usage/import", good + "\n{not json", HttpStatusCode.BadRequest);

        Assert.Equal("invalid_record", missing["error"]!.GetValue<string>());
        Assert.Equal("key", missing["param"]!.GetValue<string>());
        Assert.StartsWith("Line 2:", missing["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("invalid_record", broken["error"]!.GetValue<string>());
        Assert.StartsWith("Line 2 ", broken["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, (await JsonAsync(fresh, HttpMethod.Get, "usage/history"))["total"]!.GetValue<long>());
    }

    /// <summary>Four requests now: two good and one rejected by the upstream (400) with the test key on gpt-4o, one with a new managed key on the mock's echo.</summary>
    private async Task<string> SeedTodayAsync()
    {
        await ChatOkAsync();
        await ChatOkAsync();
        Upstream.Handler = Answer(400, Canned.Error("That is not allowed.", "invalid_request_error", "bad_request"));
        await ChatRecordedAsync(Gateway, status: HttpStatusCode.BadRequest);
        Upstream.Handler = Answer(200, Canned.Completion("ok"));
        var (id, key) = await CreateKeyAsync();
        await ChatOkAsync(key, "echo");
        return id;
    }

    /// <summary>A time for a query string: UTC with a Z, since a '+' would be read as a space.</summary>
    private static string Utc(DateTimeOffset time) => time.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<long> TotalAsync(string path) => (await GetAsync(path))["total"]!.GetValue<long>();

    private static async Task<string> ExportAsync(GatewayFixture gateway, string path)
    {
        using var response = await SendAsync(gateway, HttpMethod.Get, path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    private static Dictionary<string, long> Requests(JsonNode summary) =>
        summary["groups"]!.AsArray().ToDictionary(g => g!["key"]!.GetValue<string>(), g => g!["requests"]!.GetValue<long>());

    private static JsonNode Group(JsonNode summary, string key) => summary["groups"]!.AsArray().Single(g => g!["key"]!.GetValue<string>() == key)!;
}
