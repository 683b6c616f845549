using LlmGateway.Credentials;
using LlmGateway.Execution;

namespace LlmGateway.Tests.Unit.Execution;

public class UpstreamUriTests
{
    private static readonly Uri ProviderBase = new("https://api.example.com/v1/");

    [Theory]
    [InlineData("https://api.example.com/v1/chat/completions", "https://eastus.example.net/openai/v1/", "https://eastus.example.net/openai/v1/chat/completions")]
    [InlineData("https://api.example.com/v1/models/gemini-2.5-pro:streamGenerateContent?alt=sse", "http://10.0.0.5:8080/", "http://10.0.0.5:8080/models/gemini-2.5-pro:streamGenerateContent?alt=sse")]
    [InlineData("https://api.example.com/v1/messages/count_tokens", "https://proxy.example.org/anthropic/v1/", "https://proxy.example.org/anthropic/v1/messages/count_tokens")]
    public void Rebase_CredentialWithOwnBase_ReplacesTheProvidersPrefix(string uri, string credentialBase, string expected)
    {
        var rebased = UpstreamUri.Rebase(new Uri(uri), ProviderBase, new Uri(credentialBase));

        Assert.Equal(expected, rebased.AbsoluteUri);
    }

    [Fact]
    public void Rebase_CredentialWithoutOwnBase_ReturnsTheSameUri()
    {
        var uri = new Uri("https://api.example.com/v1/chat/completions");

        Assert.Same(uri, UpstreamUri.Rebase(uri, ProviderBase, null));
    }

    [Fact]
    public void Rebase_UriNotUnderTheProvidersBase_ReturnsItUnchanged()
    {
        var uri = new Uri("https://elsewhere.example.com/v1/chat/completions");

        Assert.Same(uri, UpstreamUri.Rebase(uri, ProviderBase, new Uri("https://eastus.example.net/")));
    }

    [Theory]
    [InlineData("https://eastus.example.net/openai/v1", "https://eastus.example.net/openai/v1/")]
    [InlineData(" http://localhost:8000/v1/ ", "http://localhost:8000/v1/")]
    public void ParseBaseUri_AbsoluteHttpUrl_EndsWithASlash(string text, string expected)
    {
        Assert.Equal(expected, UpstreamCredential.ParseBaseUri(text)?.AbsoluteUri);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("eastus.example.net/v1")]
    [InlineData("ftp://eastus.example.net/")]
    public void ParseBaseUri_NotAnAbsoluteHttpUrl_IsNull(string? text)
    {
        Assert.Null(UpstreamCredential.ParseBaseUri(text));
    }
}
