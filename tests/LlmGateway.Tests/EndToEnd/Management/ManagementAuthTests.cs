using System.Net;
using System.Text.Json.Nodes;
using LlmGateway.Tests.Infrastructure;

namespace LlmGateway.Tests.EndToEnd.Management;

/// <summary>Who may use <c>/v0/management</c>: the management key only, with a lockout after repeated wrong keys.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ManagementAuthTests(AzuriteFixture azurite) : ManagementTest(azurite)
{
    /// <summary>Every management route (method, path).</summary>
    internal static readonly (string Method, string Path)[] Routes =
    [
        ("GET", "usage/summary"),
        ("GET", "usage/history"),
        ("GET", "usage/export"),
        ("POST", "usage/import"),
        ("GET", "credentials"),
        ("POST", "credentials/openai:0/reset"),
        ("GET", "keys"),
        ("POST", "keys"),
        ("GET", "keys/key_0123456789abcdef"),
        ("PATCH", "keys/key_0123456789abcdef"),
        ("DELETE", "keys/key_0123456789abcdef"),
        ("GET", "config"),
        ("GET", "models"),
    ];

    [Fact]
    public async Task EveryRoute_NoManagementKeyConfigured_Answers404()
    {
        var (gateway, _) = await StartGatewayAsync(settings: new Dictionary<string, string?> { ["Gateway:ManagementKey"] = null });

        foreach (var (method, path) in Routes)
        {
            using var response = await SendAsync(gateway, new HttpMethod(method), path, method == "GET" ? null : "{}");

            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {path}: {(int)response.StatusCode}");
            Assert.Equal("not_found", await ErrorCodeAsync(response));
        }
    }

    [Fact]
    public async Task EveryRoute_NoKey_Answers401InManagementShape()
    {
        foreach (var (method, path) in Routes)
        {
            using var response = await SendAsync(new HttpMethod(method), path, method == "GET" ? null : "{}", key: null);

            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path}: {(int)response.StatusCode}");
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
            Assert.Equal("unauthorized", body["error"]!.GetValue<string>());
            Assert.Contains("X-Management-Key", body["message"]!.GetValue<string>(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task EveryRoute_WrongKey_Answers401()
    {
        foreach (var (method, path) in Routes)
        {
            using var response = await SendAsync(new HttpMethod(method), path, method == "GET" ? null : "{}", key: "mgmt-wrong-key-0123456789");

            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path}: {(int)response.StatusCode}");
            Assert.Equal("unauthorized", await ErrorCodeAsync(response));

            // Past the failure window, so thirteen wrong keys never add up to a lockout.
            Clock.Advance(TimeSpan.FromMinutes(10));
        }
    }

    [Fact]
    public async Task Request_KeyAsBearerOrHeader_IsAccepted()
    {
        using var header = new HttpRequestMessage(HttpMethod.Get, "v0/management/models");
        header.Headers.Add("X-Management-Key", ManagementKey);

        using var viaHeader = await Gateway.Http.SendAsync(header);
        using var viaBearer = await SendAsync(HttpMethod.Get, "models");

        Assert.Equal(HttpStatusCode.OK, viaHeader.StatusCode);
        Assert.Equal(HttpStatusCode.OK, viaBearer.StatusCode);
        Assert.Equal("no-store", viaBearer.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Request_ClientKey_IsNotAManagementKeyNorTheOtherWayRound()
    {
        using var management = await SendAsync(HttpMethod.Get, "keys", key: GatewayFixture.ClientKey);
        using var chat = await ChatAsync(key: ManagementKey);

        Assert.Equal(HttpStatusCode.Unauthorized, management.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, chat.StatusCode);
    }

    [Fact]
    public async Task Request_FiveWrongKeys_LocksTheAddressOutEvenWithTheRightKey()
    {
        for (var i = 0; i < 4; i++)
        {
            using var wrong = await SendAsync(HttpMethod.Get, "keys", key: "mgmt-wrong-key-" + i + "123456789");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using (var stillAllowed = await SendAsync(HttpMethod.Get, "keys"))
        {
            Assert.Equal(HttpStatusCode.OK, stillAllowed.StatusCode);
        }

        using (var fifth = await SendAsync(HttpMethod.Get, "keys", key: "mgmt-wrong-key-5123456789"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, fifth.StatusCode);
        }

        using var locked = await SendAsync(HttpMethod.Get, "keys");

        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.Equal("locked_out", await ErrorCodeAsync(locked));
        Assert.Equal(TimeSpan.FromMinutes(30), locked.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Lockout_AfterThirtyMinutes_Ends()
    {
        await LockOutAsync();
        Clock.Advance(TimeSpan.FromMinutes(30) - TimeSpan.FromSeconds(1));
        using (var stillLocked = await SendAsync(HttpMethod.Get, "keys"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, stillLocked.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(1), stillLocked.Headers.RetryAfter?.Delta);
        }

        Clock.Advance(TimeSpan.FromSeconds(1));
        using var open = await SendAsync(HttpMethod.Get, "keys");

        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
    }

    [Fact]
    public async Task Lockout_FailuresOlderThanTenMinutes_AreForgotten()
    {
        for (var i = 0; i < 4; i++)
        {
            using var wrong = await SendAsync(HttpMethod.Get, "keys", key: "mgmt-wrong-key-0123456789");
        }

        Clock.Advance(TimeSpan.FromMinutes(10));
        using (var fifth = await SendAsync(HttpMethod.Get, "keys", key: "mgmt-wrong-key-0123456789"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, fifth.StatusCode);
        }

        using var allowed = await SendAsync(HttpMethod.Get, "keys");

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task Lockout_RequestsWithoutAnyKey_DoNotCount()
    {
        for (var i = 0; i < 10; i++)
        {
            using var none = await SendAsync(HttpMethod.Get, "keys", key: null);
            Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        }

        using var allowed = await SendAsync(HttpMethod.Get, "keys");

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task Lockout_DoesNotTouchClientTraffic()
    {
        await LockOutAsync();

        await ChatOkAsync();
    }

    [Fact]
    public async Task Request_UnknownRoute_Answers404AfterTheKeyCheck()
    {
        using var anonymous = await SendAsync(HttpMethod.Get, "nothing/here", key: null);
        using var authorised = await SendAsync(HttpMethod.Get, "nothing/here");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, authorised.StatusCode);
        Assert.Equal("not_found", await ErrorCodeAsync(authorised));
    }

    [Fact]
    public async Task Request_WrongMethod_Answers405WithAllow()
    {
        using var response = await SendAsync(HttpMethod.Put, "keys", "{}");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("method_not_allowed", await ErrorCodeAsync(response));
        Assert.Equal(["GET", "POST"], response.Content.Headers.Allow);
    }

    private async Task LockOutAsync()
    {
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await SendAsync(HttpMethod.Get, "keys", key: "mgmt-wrong-key-0123456789");
        }

        using var locked = await SendAsync(HttpMethod.Get, "keys");
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
    }

    private static async Task<string> ErrorCodeAsync(HttpResponseMessage response)
    {
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal(["error", "message"], body.Select(p => p.Key).Take(2));
        return body["error"]!.GetValue<string>();
    }
}
