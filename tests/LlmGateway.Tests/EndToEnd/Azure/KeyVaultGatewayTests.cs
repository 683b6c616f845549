using System.Net;
using System.Text;
using Azure.Core;
using LlmGateway.Credentials.KeyVault;
using LlmGateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LlmGateway.Tests.EndToEnd.Azure;

/// <summary>
/// A gateway whose <c>openai</c> provider has no configured key and reads <c>upstream--openai--main</c> from a fake
/// Key Vault: the vault's value is the key the upstream receives, rotations and disabling take effect at the next
/// refresh, and the value never shows in the gateway's logs or answers.
/// </summary>
public sealed class KeyVaultGatewayTests : IAsyncLifetime
{
    private const string SecretName = "upstream--openai--main";
    private const string FirstValue = "sk-vault-first-AAAA1111BBBB2222";
    private const string RotatedValue = "sk-vault-rotated-CCCC3333DDDD4444";

    private readonly CapturingLoggerProvider _logs = new();
    private FakeKeyVault _vault = null!;
    private FakeUpstream _upstream = null!;
    private GatewayFixture _gateway = null!;

    private KeyVaultRefresher Refresher => _gateway.Services.GetRequiredService<KeyVaultRefresher>();

    public async Task InitializeAsync()
    {
        _vault = await FakeKeyVault.StartAsync();
        _vault.SetSecret(SecretName, FirstValue);
        _upstream = await FakeUpstream.StartAsync();
        _upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, Canned.Completion("ok"));
        _gateway = await GatewayFixture.StartAsync(
            _upstream,
            new Dictionary<string, string?>
            {
                ["Gateway:Providers:openai:Keys:0"] = null,
                ["Gateway:KeyVault:VaultUri"] = _vault.VaultUri.ToString(),
                ["Logging:LogLevel:Default"] = "Trace",
            },
            services: services =>
            {
                services.AddSingleton(_vault.CreateClient());
                services.AddSingleton<TokenCredential>(_vault.Credential);
                services.AddSingleton<ILoggerProvider>(_logs);
            });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _upstream.DisposeAsync();
        await _vault.DisposeAsync();
    }

    [Fact]
    public async Task Request_KeyOnlyInTheVault_IsTheBearerTheUpstreamReceives()
    {
        using var response = await ChatAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Bearer " + FirstValue, _upstream.LastRequest.Header("authorization"));
        Assert.Equal("openai:main", (await _gateway.UsageAsync(1))[0].CredentialId);
    }

    [Fact]
    public async Task Request_SecretRotatedAndRefreshed_CarriesTheNewValue()
    {
        using (await ChatAsync())
        {
        }

        _vault.SetSecret(SecretName, RotatedValue);
        await Refresher.RefreshNowAsync();
        using var response = await ChatAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Bearer " + RotatedValue, _upstream.LastRequest.Header("authorization"));
        Assert.Equal(2, _upstream.Requests.Count);
    }

    [Fact]
    public async Task Request_SecretDisabledAndRefreshed_GoesOutKeylessAndTheUpstreamAnswerIsPassedOn()
    {
        // The documented rule: a provider with no key anywhere (configuration or vault, at this moment) is keyless.
        // Disabling the only key stops it being sent at once; the upstream's own 401 then tells the caller why.
        _upstream.Handler = (request, context) => request.Header("authorization") is null
            ? FakeUpstream.Json(context, 401, Canned.Error("You didn't provide an API key.", "invalid_request_error", "missing_api_key"))
            : FakeUpstream.Json(context, 200, Canned.Completion("ok"));
        _vault.UpdateProperties(SecretName, enabled: false);
        await Refresher.RefreshNowAsync();

        using var response = await ChatAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("didn't provide an API key", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(_upstream.LastRequest.Header("authorization"));
        Assert.Equal("openai:keyless", (await _gateway.UsageAsync(1))[0].CredentialId);
    }

    [Fact]
    public async Task Request_SecretReEnabled_IsUsedAgainAfterTheRefresh()
    {
        _vault.UpdateProperties(SecretName, enabled: false);
        await Refresher.RefreshNowAsync();
        _vault.UpdateProperties(SecretName, enabled: true);
        await Refresher.RefreshNowAsync();

        using var response = await ChatAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Bearer " + FirstValue, _upstream.LastRequest.Header("authorization"));
    }

    [Fact]
    public async Task SecretValue_UpstreamEchoesItInAnError_NeverInTheAnswerOrTheLogs()
    {
        _upstream.Handler = (request, context) => FakeUpstream.Json(
            context, 401, Canned.Error("Incorrect API key provided: " + request.Header("authorization")!["Bearer ".Length..], "invalid_request_error", "invalid_api_key"));
        _vault.SetSecret(SecretName, RotatedValue);
        await Refresher.RefreshNowAsync();

        using var response = await ChatAsync();
        var body = await response.Content.ReadAsStringAsync();
        var headers = response.Headers.ToString() + response.Content.Headers;
        await _gateway.UsageAsync(1);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer " + RotatedValue, _upstream.LastRequest.Header("authorization"));
        foreach (var value in new[] { FirstValue, RotatedValue })
        {
            Assert.DoesNotContain(value, body, StringComparison.Ordinal);
            Assert.DoesNotContain(value[^12..], body, StringComparison.Ordinal);
            Assert.DoesNotContain(value, headers, StringComparison.Ordinal);
            Assert.DoesNotContain(value, _logs.AllText, StringComparison.Ordinal);
        }

        Assert.Contains(_logs.Entries, e => e.Category.Contains("KeyVault", StringComparison.Ordinal));
    }

    private Task<HttpResponseMessage> ChatAsync() => _gateway.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
    {
        Content = new StringContent("""{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
        Headers = { { "Authorization", "Bearer " + GatewayFixture.ClientKey } },
    });
}
