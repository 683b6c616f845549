using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using LlmGateway.Storage.Tables;
using LlmGateway.Tests.Infrastructure;

namespace LlmGateway.Tests.EndToEnd.Management;

/// <summary><c>/v0/management/keys</c>: managed client keys, created, used, restricted and revoked, stored in Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ManagementKeysTests(AzuriteFixture azurite) : ManagementTest(azurite)
{
    [Fact]
    public async Task CreateKey_ReturnsTheFullKeyOnceAndStoresOnlyItsHash()
    {
        var created = await PostAsync("keys", """{"label":"ci bot"}""", HttpStatusCode.Created);
        var id = created["id"]!.GetValue<string>();
        var key = created["key"]!.GetValue<string>();

        Assert.Matches("^key_[0-9a-f]{16}$", id);
        Assert.Matches("^sk-gw-[A-Za-z0-9_-]{43}$", key);
        Assert.Equal(key[..12] + "…", created["prefix"]!.GetValue<string>());
        Assert.Equal("ci bot", created["label"]!.GetValue<string>());
        Assert.True(created["active"]!.GetValue<bool>());
        Assert.Equal(Clock.GetUtcNow(), created["created"]!.GetValue<DateTimeOffset>());

        var one = await GetAsync("keys/" + id);
        var list = await GetAsync("keys");
        Assert.Null(one["key"]);
        Assert.Equal(id, Assert.Single(list["data"]!.AsArray())!["id"]!.GetValue<string>());
        Assert.DoesNotContain(key, one.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(key, list.ToJsonString(), StringComparison.Ordinal);

        var table = Azurite.CreateStore(prefix: Prefix).GetTableClient("clientkeys");
        var entity = Assert.Single(await table.QueryAsync(new TableQuery()).ToListAsync());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))), entity.GetString("Hash"));
        Assert.DoesNotContain(entity.Properties.Values, v => v?.ToString()?.Contains(key[12..], StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task CreatedKey_WorksOnChatCompletionsUntilDeleted()
    {
        var (id, key) = await CreateKeyAsync();

        await ChatOkAsync(key);
        var revoked = await JsonAsync(Gateway, HttpMethod.Delete, "keys/" + id);
        using var refused = await ChatAsync(key: key);

        Assert.Equal(id, Gateway.Usage.Recent.Single().ClientKey);
        Assert.False(revoked["active"]!.GetValue<bool>());
        Assert.Equal(Clock.GetUtcNow(), revoked["revoked"]!.GetValue<DateTimeOffset>());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("invalid_api_key", JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task DeleteKey_Twice_KeepsTheFirstRevocationTime()
    {
        var (id, _) = await CreateKeyAsync();
        var first = await JsonAsync(Gateway, HttpMethod.Delete, "keys/" + id);
        Clock.Advance(TimeSpan.FromMinutes(5));

        var second = await JsonAsync(Gateway, HttpMethod.Delete, "keys/" + id);

        Assert.Equal(first["revoked"]!.GetValue<DateTimeOffset>(), second["revoked"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task RevokedKey_SeenByAnotherInstanceAfterItsRefresh()
    {
        var (id, key) = await CreateKeyAsync();
        var (other, _) = await StartGatewayAsync(Prefix);
        await RefreshKeysAsync(other);
        await ChatRecordedAsync(other, key);

        await JsonAsync(Gateway, HttpMethod.Delete, "keys/" + id);
        await RefreshKeysAsync(other);
        using var refused = await ChatAsync(other, key);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task PatchKey_ChangesLabelAllowedModelsAndExpiry()
    {
        var (id, key) = await CreateKeyAsync();
        var expires = Clock.GetUtcNow().AddHours(1);

        var patched = await JsonAsync(Gateway, HttpMethod.Patch, "keys/" + id,
            $$"""{"label":"renamed","allowedModels":["gpt-4o"],"expires":"{{expires:O}}","requestsPerMinute":60}""");
        using var otherModel = await ChatAsync(key: key, model: "echo");
        await ChatOkAsync(key, "gpt-4o");

        Assert.Equal("renamed", patched["label"]!.GetValue<string>());
        Assert.Equal(["gpt-4o"], patched["allowedModels"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.Equal(expires, patched["expires"]!.GetValue<DateTimeOffset>());
        Assert.Equal(60, patched["requestsPerMinute"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.Forbidden, otherModel.StatusCode);
        Assert.Equal("model_not_allowed", JsonNode.Parse(await otherModel.Content.ReadAsStringAsync())!["error"]!["code"]!.GetValue<string>());

        var cleared = await JsonAsync(Gateway, HttpMethod.Patch, "keys/" + id, """{"allowedModels":null,"expires":null}""");
        await ChatOkAsync(key, "echo");

        Assert.Empty(cleared["allowedModels"]!.AsArray());
        Assert.Null(cleared["expires"]);
        Assert.Equal("renamed", cleared["label"]!.GetValue<string>());
        Assert.Equal(60, cleared["requestsPerMinute"]!.GetValue<int>());
    }

    [Fact]
    public async Task Key_PastItsExpiry_IsRefused()
    {
        var (id, key) = await CreateKeyAsync($$"""{"expires":"{{Clock.GetUtcNow().AddHours(1):O}}"}""");
        await ChatOkAsync(key);

        Clock.Advance(TimeSpan.FromHours(1));
        using var refused = await ChatAsync(key: key);
        var view = await GetAsync("keys/" + id);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.False(view["active"]!.GetValue<bool>());
        Assert.Null(view["revoked"]);
    }

    [Fact]
    public async Task Key_AllowedIpRangesElsewhere_IsRefusedWith403()
    {
        var (_, key) = await CreateKeyAsync("""{"allowedIpRanges":["10.0.0.0/8"]}""");

        using var refused = await ChatAsync(key: key);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("permission_denied", JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["error"]!["code"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PATCH")]
    [InlineData("DELETE")]
    public async Task Key_UnknownId_Answers404(string method)
    {
        var body = await JsonAsync(Gateway, new HttpMethod(method), "keys/key_0000000000000000", method == "PATCH" ? """{"label":"x"}""" : null, HttpStatusCode.NotFound);

        Assert.Equal("key_not_found", body["error"]!.GetValue<string>());
        Assert.Contains("key_0000000000000000", body["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"allowedIpRanges":["not-an-address"]}""", "allowedIpRanges")]
    [InlineData("""{"expires":"2000-01-01T00:00:00Z"}""", "expires")]
    [InlineData("""{"expires":"soon"}""", "expires")]
    [InlineData("""{"allowedModels":"gpt-4o"}""", "allowedModels")]
    [InlineData("""{"allowedEndpoints":[""]}""", "allowedEndpoints")]
    [InlineData("""{"requestsPerMinute":0}""", "requestsPerMinute")]
    [InlineData("""{"label":42}""", "label")]
    [InlineData("""{"labl":"typo"}""", "labl")]
    [InlineData("""["label"]""", "body")]
    public async Task CreateKey_BadField_Answers400NamingIt(string request, string field)
    {
        var body = await PostAsync("keys", request, HttpStatusCode.BadRequest);

        Assert.Equal("invalid_parameter", body["error"]!.GetValue<string>());
        Assert.Equal(field, body["param"]!.GetValue<string>());
        Assert.Contains(field, body["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty((await GetAsync("keys"))["data"]!.AsArray());
    }

    [Fact]
    public async Task CreateKey_InvalidJson_Answers400()
    {
        var body = await PostAsync("keys", """{"label":""", HttpStatusCode.BadRequest);

        Assert.Equal("invalid_json", body["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task CreateKey_EmptyBody_CreatesAnUnrestrictedKey()
    {
        using var response = await SendAsync(HttpMethod.Post, "keys");
        var created = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/v0/management/keys/" + created["id"]!.GetValue<string>(), response.Headers.Location?.OriginalString);
        Assert.Equal("", created["label"]!.GetValue<string>());
        await ChatOkAsync(created["key"]!.GetValue<string>(), "echo");
    }

    private static Task RefreshKeysAsync(GatewayFixture gateway) =>
        ((LlmGateway.Auth.TableClientKeyStore)gateway.Services.GetService(typeof(LlmGateway.Auth.IClientKeyStore))!).RefreshAsync();
}
