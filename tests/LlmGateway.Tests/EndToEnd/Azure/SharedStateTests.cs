using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using LlmGateway.Auth;
using LlmGateway.Storage.Tables;
using LlmGateway.Tests.Infrastructure;
using LlmGateway.Usage;

namespace LlmGateway.Tests.EndToEnd.Azure;

/// <summary>
/// Two real gateway instances sharing state through Azurite: a cooldown set by one is honoured by the other, usage
/// from both adds up exactly, and a client key created or revoked through one holds on the other.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class SharedStateTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private TwoInstanceGateway _gateways = null!;

    private GatewayFixture A => _gateways.A;

    private GatewayFixture B => _gateways.B;

    private FakeUpstream Upstream => _gateways.Upstream;

    public async Task InitializeAsync() => _gateways = await TwoInstanceGateway.StartAsync(azurite);

    public async Task DisposeAsync() => await _gateways.DisposeAsync();

    [Fact]
    public async Task Cooldown_Key0RateLimitedThroughA_BNeverSendsToKey0AfterItsRefresh()
    {
        Upstream.Handler = (request, context) => request.Header("authorization") == "Bearer " + TwoInstanceGateway.Key0
            ? FakeUpstream.Json(context, 429, Canned.Error("slow down", "requests", "rate_limit_exceeded"), new Dictionary<string, string> { ["retry-after"] = "60" })
            : FakeUpstream.Json(context, 200, Canned.Completion("ok"));

        // A tries key 0 or key 1 first (round robin); within two requests it meets key 0's 429 and retries on key 1.
        for (var i = 0; i < 2 && !Upstream.Requests.Any(r => r.Header("authorization") == "Bearer " + TwoInstanceGateway.Key0); i++)
        {
            using var throughA = await TwoInstanceGateway.ChatAsync(A);
            Assert.Equal(HttpStatusCode.OK, throughA.StatusCode);
        }

        Assert.Single(Upstream.Requests, r => r.Header("authorization") == "Bearer " + TwoInstanceGateway.Key0);

        Assert.True(await TwoInstanceGateway.Cooldowns(A).SyncAsync());
        Assert.True(await TwoInstanceGateway.Cooldowns(B).SyncAsync());
        var before = Upstream.Requests.Count;
        for (var i = 0; i < 6; i++)
        {
            using var throughB = await TwoInstanceGateway.ChatAsync(B);
            Assert.Equal(HttpStatusCode.OK, throughB.StatusCode);
        }

        var fromB = Upstream.Requests.Skip(before).Select(r => r.Header("authorization")).ToList();
        Assert.Equal(6, fromB.Count);
        Assert.All(fromB, key => Assert.Equal("Bearer " + TwoInstanceGateway.Key1, key));
        var until = TwoInstanceGateway.Cooldowns(B).CoolingUntil("openai:0", "gpt-4o", DateTimeOffset.UtcNow);
        Assert.InRange(until!.Value, DateTimeOffset.UtcNow.AddSeconds(30), DateTimeOffset.UtcNow.AddSeconds(61));
    }

    [Fact]
    public async Task Usage_ConcurrentRequestsSplitAcrossInstances_TableTotalsEqualWhatTheUpstreamReported()
    {
        const int Requests = 24;
        var reported = new ConcurrentBag<(long Prompt, long Completion, long Cached, long Reasoning)>();
        var served = 0;
        Upstream.Handler = (_, context) =>
        {
            var n = Interlocked.Increment(ref served);
            var usage = (Prompt: 100L + (n * 7), Completion: 1L + (n % 9), Cached: n % 4L, Reasoning: n % 3L);
            reported.Add(usage);
            return FakeUpstream.Json(context, 200, Completion(usage.Prompt, usage.Completion, usage.Cached, usage.Reasoning));
        };

        var responses = await Task.WhenAll(Enumerable.Range(0, Requests).Select(i => TwoInstanceGateway.ChatAsync(i % 2 == 0 ? A : B)));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        await A.UsageAsync(Requests / 2);
        await B.UsageAsync(Requests / 2);
        await Task.WhenAll(TwoInstanceGateway.UsageTables(A).FlushAsync(), TwoInstanceGateway.UsageTables(B).FlushAsync());

        var daily = await azurite.CreateStore(prefix: _gateways.Prefix).GetTableClient(UsageTableEntities.DailyTable).QueryAsync(new TableQuery()).ToListAsync();
        var keyTotal = Sum(daily.Where(e => e.RowKey == "key|test|gpt-4o"));
        var credentialTotal = Sum(daily.Where(e => e.RowKey.StartsWith("credential|openai%3A", StringComparison.Ordinal)));
        var expected = new UsageAggregate
        {
            Requests = Requests,
            InputTokens = reported.Sum(r => r.Prompt),
            OutputTokens = reported.Sum(r => r.Completion),
            CachedTokens = reported.Sum(r => r.Cached),
            ReasoningTokens = reported.Sum(r => r.Reasoning),
        };
        Assert.Equal(Requests, reported.Count);
        Assert.Equal(expected, keyTotal with { LatencyMicros = 0, TimeToFirstTokenMicros = 0, TimeToFirstTokenCount = 0 });
        Assert.Equal(expected, credentialTotal with { LatencyMicros = 0, TimeToFirstTokenMicros = 0, TimeToFirstTokenCount = 0 });
        var records = await azurite.CreateStore(prefix: _gateways.Prefix).GetTableClient(UsageTableEntities.RecordsTable).QueryAsync(new TableQuery()).ToListAsync();
        Assert.Equal(Requests, records.Select(e => e.GetGuid("Id")).Distinct().Count());
        Assert.Equal(Requests, records.Count);
    }

    [Fact]
    public async Task Usage_1000ConcurrentRequestsAcrossFourInstances_RowsAndTotalsEqualTheRequestsSent()
    {
        const int Requests = 1000;
        var config = new Dictionary<string, string?>
        {
            ["Gateway:Storage:ConnectionString"] = azurite.ConnectionString,
            ["Gateway:Storage:TablePrefix"] = _gateways.Prefix,
            ["Gateway:Providers:openai:Keys:0"] = TwoInstanceGateway.Key0,
            ["Gateway:Providers:openai:Keys:1"] = TwoInstanceGateway.Key1,
        };
        await using var c = await GatewayFixture.StartAsync(Upstream, config);
        await using var d = await GatewayFixture.StartAsync(Upstream, config);
        GatewayFixture[] instances = [A, B, c, d];
        var reported = new ConcurrentBag<(long Prompt, long Completion)>();
        var served = 0;
        Upstream.Handler = (_, context) =>
        {
            var n = Interlocked.Increment(ref served);
            var usage = (Prompt: 50L + (n % 97), Completion: 1L + (n % 13));
            reported.Add(usage);
            return FakeUpstream.Json(context, 200, Completion(usage.Prompt, usage.Completion, 0, 0));
        };

        var responses = await Task.WhenAll(Enumerable.Range(0, Requests).Select(async i =>
        {
            using var response = await TwoInstanceGateway.ChatAsync(instances[i % instances.Length]);
            return response.StatusCode;
        }));
        Assert.All(responses, status => Assert.Equal(HttpStatusCode.OK, status));
        await Task.WhenAll(instances.Select(instance => instance.UsageAsync(Requests / instances.Length)));
        await Task.WhenAll(instances.Select(instance => TwoInstanceGateway.UsageTables(instance).FlushAsync()));

        var store = azurite.CreateStore(prefix: _gateways.Prefix);
        var records = await store.GetTableClient(UsageTableEntities.RecordsTable).QueryAsync(new TableQuery()).ToListAsync();
        var daily = await store.GetTableClient(UsageTableEntities.DailyTable).QueryAsync(new TableQuery()).ToListAsync();
        var keyTotal = Sum(daily.Where(e => e.RowKey == "key|test|gpt-4o"));
        Assert.Equal(Requests, reported.Count);
        Assert.Equal(Requests, records.Count);
        Assert.Equal(Requests, records.Select(e => e.GetGuid("Id")).Distinct().Count());
        Assert.Equal(Requests, keyTotal.Requests);
        Assert.Equal(0, keyTotal.Errors);
        Assert.Equal(reported.Sum(r => r.Prompt), keyTotal.InputTokens);
        Assert.Equal(reported.Sum(r => r.Completion), keyTotal.OutputTokens);
        Assert.Equal(Requests, Sum(daily.Where(e => e.RowKey.StartsWith("credential|", StringComparison.Ordinal))).Requests);
    }

    [Fact]
    public async Task ClientKey_SavedThroughA_AuthenticatesOnBAfterRefreshAndRevokedIsRefusedByBoth()
    {
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, Canned.Completion("ok"));
        const string Secret = "sk-managed-shared-0001-zyxw";
        var key = Managed(Secret);

        await TwoInstanceGateway.ClientKeys(A).SaveAsync(key);
        await TwoInstanceGateway.ClientKeys(B).RefreshAsync();
        using (var onB = await TwoInstanceGateway.ChatAsync(B, clientKey: Secret))
        {
            Assert.Equal(HttpStatusCode.OK, onB.StatusCode);
        }

        Assert.Equal(key.Id, (await B.UsageAsync(1))[^1].ClientKey);

        Assert.True(await TwoInstanceGateway.ClientKeys(A).UpdateAsync(key with { Revoked = DateTimeOffset.UtcNow }));
        await TwoInstanceGateway.ClientKeys(B).RefreshAsync();

        using var revokedOnA = await TwoInstanceGateway.ChatAsync(A, clientKey: Secret);
        using var revokedOnB = await TwoInstanceGateway.ChatAsync(B, clientKey: Secret);
        Assert.Equal(HttpStatusCode.Unauthorized, revokedOnA.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, revokedOnB.StatusCode);
        Assert.Single(Upstream.Requests);
    }

    [Theory]
    [InlineData("models", "gpt-4o", "v1/chat/completions", 403, "model_not_allowed")]
    [InlineData("models", "gpt-4o-mini", "v1/chat/completions", 200, null)]
    [InlineData("endpoints", "gpt-4o", "v1/chat/completions", 403, "permission_denied")]
    [InlineData("ranges-elsewhere", "gpt-4o", "v1/chat/completions", 403, "permission_denied")]
    [InlineData("ranges-loopback", "gpt-4o", "v1/chat/completions", 200, null)]
    public async Task ClientKey_AllowListsFromTheTable_EnforcedOnTheOtherInstance(string limit, string model, string path, int status, string? code)
    {
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, Canned.Completion("ok"));
        var secret = "sk-managed-limited-" + limit;
        var key = limit switch
        {
            "models" => Managed(secret) with { AllowedModels = ["gpt-4o-mini"] },
            "endpoints" => Managed(secret) with { AllowedEndpoints = ["/v1/messages"] },
            "ranges-elsewhere" => Managed(secret) with { AllowedIpRanges = ["10.0.0.0/8", "2001:db8::/32"] },
            _ => Managed(secret) with { AllowedIpRanges = ["10.0.0.0/8", "127.0.0.0/8"] },
        };
        await TwoInstanceGateway.ClientKeys(A).SaveAsync(key);
        await TwoInstanceGateway.ClientKeys(B).RefreshAsync();

        using var response = await TwoInstanceGateway.ChatAsync(B, model, secret, path);

        Assert.Equal(status, (int)response.StatusCode);
        if (code is not null)
        {
            Assert.Equal(code, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["code"]!.GetValue<string>());
            Assert.Empty(Upstream.Requests);
        }
    }

    private static StoredClientKey Managed(string secret) => new()
    {
        Id = "ck_" + Guid.NewGuid().ToString("N")[..12],
        Hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret))),
        Prefix = secret[..12],
        Created = DateTimeOffset.UtcNow,
    };

    private static UsageAggregate Sum(IEnumerable<TableEntity> rows) =>
        rows.Select(UsageAggregate.FromEntity).Aggregate(new UsageAggregate(), (sum, row) => sum.Add(row));

    private static string Completion(long prompt, long completion, long cached, long reasoning) =>
        new JsonObject
        {
            ["id"] = "chatcmpl-u",
            ["object"] = "chat.completion",
            ["created"] = 1700000000,
            ["model"] = "gpt-4o-2024-08-06",
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = "ok" },
                ["finish_reason"] = "stop",
            }),
            ["usage"] = new JsonObject
            {
                ["prompt_tokens"] = prompt,
                ["completion_tokens"] = completion,
                ["total_tokens"] = prompt + completion,
                ["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = cached },
                ["completion_tokens_details"] = new JsonObject { ["reasoning_tokens"] = reasoning },
            },
        }.ToJsonString();
}
