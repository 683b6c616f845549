using System.Net;
using System.Text.Json.Nodes;
using LlmGateway.Tests.Infrastructure;

namespace LlmGateway.Tests.EndToEnd.Management;

/// <summary><c>GET /v1/usage</c>: a client key reads its own usage, and only its own.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ClientUsageTests(AzuriteFixture azurite) : ManagementTest(azurite)
{
    [Fact]
    public async Task Usage_EachKey_SeesItsOwnUsageOnly()
    {
        var (id, key) = await CreateKeyAsync();
        await ChatOkAsync();
        await ChatOkAsync();
        await ChatOkAsync(key, "echo");

        var mine = await UsageAsync(GatewayFixture.ClientKey);
        var theirs = await UsageAsync(key);

        Assert.Equal("test", mine["key"]!.GetValue<string>());
        Assert.Equal(2, mine["day"]!["total"]!["requests"]!.GetValue<long>());
        Assert.Equal(22, mine["day"]!["total"]!["inputTokens"]!.GetValue<long>());
        Assert.Equal(["gpt-4o"], mine["day"]!["models"]!.AsArray().Select(m => m!["key"]!.GetValue<string>()));
        Assert.Equal(id, theirs["key"]!.GetValue<string>());
        Assert.Equal(1, theirs["month"]!["total"]!["requests"]!.GetValue<long>());
        Assert.Equal(["echo"], theirs["month"]!["models"]!.AsArray().Select(m => m!["key"]!.GetValue<string>()));
        Assert.DoesNotContain(key, theirs.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Usage_Periods_AreTheLastDayWeekAndMonth()
    {
        await ChatOkAsync();
        Clock.Advance(TimeSpan.FromDays(8));
        await ChatOkAsync();
        Clock.Advance(TimeSpan.FromDays(3));
        await ChatOkAsync();
        Clock.Advance(TimeSpan.FromHours(1));

        var usage = await UsageAsync(GatewayFixture.ClientKey);

        Assert.Equal(1, usage["day"]!["total"]!["requests"]!.GetValue<long>());
        Assert.Equal(2, usage["week"]!["total"]!["requests"]!.GetValue<long>());
        Assert.Equal(3, usage["month"]!["total"]!["requests"]!.GetValue<long>());
        Assert.Equal(Clock.GetUtcNow().AddDays(-7), usage["week"]!["from"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task Usage_NoKey_Answers401InOpenAIShape()
    {
        using var response = await Gateway.Http.GetAsync("v1/usage");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_api_key", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Usage_RevokedKey_Answers401()
    {
        var (id, key) = await CreateKeyAsync();
        await JsonAsync(Gateway, HttpMethod.Delete, "keys/" + id);

        using var request = new HttpRequestMessage(HttpMethod.Get, "v1/usage");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + key);
        using var response = await Gateway.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<JsonNode> UsageAsync(string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "v1/usage");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + key);
        using var response = await Gateway.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!;
    }
}
