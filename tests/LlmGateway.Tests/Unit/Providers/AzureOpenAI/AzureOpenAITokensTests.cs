using LlmGateway.Http;
using LlmGateway.Providers.AzureOpenAI;
using LlmGateway.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace LlmGateway.Tests.Unit.Providers.AzureOpenAI;

public sealed class AzureOpenAITokensTests
{
    private readonly ManualTimeProvider _clock = new();

    [Fact]
    public async Task GetAsync_TwiceWithinLifetime_OneTokenRequestForTheCognitiveServicesScope()
    {
        var credential = new FakeTokenCredential("t1") { Clock = _clock };
        var tokens = Create(credential);

        var first = await tokens.GetAsync("azure", CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(54));
        var second = await tokens.GetAsync("azure", CancellationToken.None);

        Assert.Equal(("t1", "t1"), (first, second));
        var request = Assert.Single(credential.Requests);
        Assert.Equal([AzureOpenAITokens.Scope], request.Scopes);
        Assert.Equal("https://cognitiveservices.azure.com/.default", AzureOpenAITokens.Scope);
    }

    [Fact]
    public async Task GetAsync_WithinFiveMinutesOfExpiry_RefreshesTheToken()
    {
        var credential = new FakeTokenCredential("t1") { Clock = _clock };
        var tokens = Create(credential);
        await tokens.GetAsync("azure", CancellationToken.None);

        _clock.Advance(TimeSpan.FromMinutes(56));
        await tokens.GetAsync("azure", CancellationToken.None);

        Assert.Equal(2, credential.Requests.Count);
    }

    [Fact]
    public async Task GetAsync_RefreshFailsWhileTokenStillValid_KeepsTheCachedToken()
    {
        var credential = new FakeTokenCredential("t1") { Clock = _clock };
        var tokens = Create(credential);
        await tokens.GetAsync("azure", CancellationToken.None);
        credential.Failure = new InvalidOperationException("identity endpoint down");

        _clock.Advance(TimeSpan.FromMinutes(56));
        var token = await tokens.GetAsync("azure", CancellationToken.None);

        Assert.Equal("t1", token);
        Assert.Equal(2, credential.Requests.Count);
    }

    [Fact]
    public async Task GetAsync_NoTokenObtainable_Throws502NamingTheProviderNotTheError()
    {
        var credential = new FakeTokenCredential("t1") { Clock = _clock, Failure = new InvalidOperationException("secret detail") };
        var tokens = Create(credential);

        var ex = await Assert.ThrowsAsync<GatewayErrorException>(() => tokens.GetAsync("azure-east", CancellationToken.None).AsTask());

        Assert.Equal((502, "upstream_auth_failed"), (ex.Error.Status, ex.Error.Code));
        Assert.Contains("'azure-east'", ex.Error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret detail", ex.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsync_ShortLivedToken_RefreshedAtHalfItsLifetime()
    {
        var credential = new FakeTokenCredential("t1") { Clock = _clock, Lifetime = TimeSpan.FromMinutes(4) };
        var tokens = Create(credential);
        await tokens.GetAsync("azure", CancellationToken.None);

        _clock.Advance(TimeSpan.FromMinutes(1));
        await tokens.GetAsync("azure", CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(1));
        await tokens.GetAsync("azure", CancellationToken.None);

        Assert.Equal(2, credential.Requests.Count);
    }

    private AzureOpenAITokens Create(FakeTokenCredential credential) => new(credential, _clock, NullLogger<AzureOpenAITokens>.Instance);
}
