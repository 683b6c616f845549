using System.Text;

namespace LlmGateway.Tests.Infrastructure;

/// <summary>Raw requests to the gateway's Anthropic surface, as Claude Code sends them (x-api-key, anthropic-version).</summary>
public static class AnthropicRequests
{
    public const string Version = "2023-06-01";

    /// <summary>POST <paramref name="path"/> (default <c>v1/messages</c>) with the test client key and a raw JSON body.</summary>
    public static HttpRequestMessage Messages(string body, string path = "v1/messages") => new(HttpMethod.Post, path)
    {
        Content = new StringContent(body, Encoding.UTF8, "application/json"),
        Headers = { { "x-api-key", GatewayFixture.ClientKey }, { "anthropic-version", Version } },
    };
}
