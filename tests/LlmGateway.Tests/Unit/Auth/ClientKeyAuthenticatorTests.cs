using LlmGateway.Auth;
using LlmGateway.Configuration;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace LlmGateway.Tests.Unit.Auth;

public class ClientKeyAuthenticatorTests
{
    private const string TeamAKey = "sk-team-a-0123456789";
    private const string TeamBKey = "sk-team-b-9876543210";

    [Theory]
    [InlineData("Authorization", "Bearer " + TeamBKey)]
    [InlineData("Authorization", "bearer " + TeamBKey)]
    [InlineData("Authorization", "Bearer  " + TeamBKey + " ")]
    [InlineData("x-api-key", TeamBKey)]
    [InlineData("x-goog-api-key", TeamBKey)]
    public void Authenticate_ConfiguredKeyInHeader_ReturnsKeyName(string header, string value)
    {
        var authenticator = CreateAuthenticator(allowAnonymous: false);
        var context = new DefaultHttpContext();
        context.Request.Headers[header] = value;

        var identity = authenticator.Authenticate(context.Request);

        Assert.Equal(new ClientIdentity("team-b"), identity);
    }

    [Fact]
    public void Authenticate_ConfiguredKeyInQueryString_ReturnsKeyName()
    {
        var authenticator = CreateAuthenticator(allowAnonymous: false);
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString("?alt=sse&key=" + TeamAKey);

        var identity = authenticator.Authenticate(context.Request);

        Assert.Equal("team-a", identity?.KeyName);
    }

    [Theory]
    [InlineData("Authorization", "Bearer sk-team-a-012345678")]
    [InlineData("Authorization", "Bearer " + TeamAKey + "x")]
    [InlineData("Authorization", "Basic " + TeamAKey)]
    [InlineData("x-api-key", "SK-TEAM-A-0123456789")]
    [InlineData("x-goog-api-key", "wrong-key")]
    public void Authenticate_WrongKey_ReturnsNull(string header, string value)
    {
        var authenticator = CreateAuthenticator(allowAnonymous: false);
        var context = new DefaultHttpContext();
        context.Request.Headers[header] = value;

        var identity = authenticator.Authenticate(context.Request);

        Assert.Null(identity);
    }

    [Fact]
    public void Authenticate_WrongKeyInQueryString_ReturnsNull()
    {
        var authenticator = CreateAuthenticator(allowAnonymous: false);
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString("?key=nope-nope-nope");

        var identity = authenticator.Authenticate(context.Request);

        Assert.Null(identity);
    }

    [Fact]
    public void Authenticate_NoKey_ReturnsNull()
    {
        var authenticator = CreateAuthenticator(allowAnonymous: false);
        var context = new DefaultHttpContext();

        var identity = authenticator.Authenticate(context.Request);

        Assert.Null(identity);
    }

    [Fact]
    public void Authenticate_NoKeyWhenAnonymousAllowed_ReturnsAnonymous()
    {
        var authenticator = CreateAuthenticator(allowAnonymous: true);
        var context = new DefaultHttpContext();

        var identity = authenticator.Authenticate(context.Request);

        Assert.Same(ClientIdentity.Anonymous, identity);
    }

    [Fact]
    public void Authenticate_UnknownKeyWhenAnonymousAllowed_ReturnsAnonymous()
    {
        var authenticator = CreateAuthenticator(allowAnonymous: true);
        var context = new DefaultHttpContext();
        context.Request.Headers.Authorization = "Bearer not-a-configured-key";

        var identity = authenticator.Authenticate(context.Request);

        Assert.Same(ClientIdentity.Anonymous, identity);
    }

    [Fact]
    public void Authenticate_ConfiguredKeyWhenAnonymousAllowed_ReturnsKeyName()
    {
        var authenticator = CreateAuthenticator(allowAnonymous: true);
        var context = new DefaultHttpContext();
        context.Request.Headers.Authorization = "Bearer " + TeamAKey;

        var identity = authenticator.Authenticate(context.Request);

        Assert.Equal("team-a", identity?.KeyName);
    }

    [Fact]
    public void Authenticate_AnonymousAllowedWithoutAnyConfiguredKey_ReturnsAnonymous()
    {
        var authenticator = new ClientKeyAuthenticator(Options.Create(new GatewayOptions { AllowAnonymous = true }), new InMemoryClientKeyStore(), TimeProvider.System);
        var context = new DefaultHttpContext();
        context.Request.Headers["x-api-key"] = TeamAKey;

        var identity = authenticator.Authenticate(context.Request);

        Assert.Same(ClientIdentity.Anonymous, identity);
    }

    [Fact]
    public void Authenticate_NonAsciiKey_MatchesByUtf8Bytes()
    {
        const string key = "clé-secrète-€-𝄞-0123";
        var authenticator = new ClientKeyAuthenticator(Options.Create(new GatewayOptions
        {
            ClientKeys = [new ClientKeyOptions { Name = "unicode", Key = key }],
        }), new InMemoryClientKeyStore(), TimeProvider.System);
        var context = new DefaultHttpContext();
        context.Request.QueryString = QueryString.Create("key", key);

        var identity = authenticator.Authenticate(context.Request);

        Assert.Equal("unicode", identity?.KeyName);
    }

    private static ClientKeyAuthenticator CreateAuthenticator(bool allowAnonymous) => new(Options.Create(new GatewayOptions
    {
        AllowAnonymous = allowAnonymous,
        ClientKeys =
        [
            new ClientKeyOptions { Name = "team-a", Key = TeamAKey },
            new ClientKeyOptions { Name = "team-b", Key = TeamBKey },
        ],
    }), new InMemoryClientKeyStore(), TimeProvider.System);
}
