using System.Text;

namespace LlmGateway.Tests.Infrastructure;

/// <summary>Raw requests to the gateway's Responses surface, as Codex sends them (Bearer key, JSON body).</summary>
public static class ResponsesRequests
{
    /// <summary>POST <paramref name="path"/> (default <c>v1/responses</c>) with the test client key and a raw JSON body.</summary>
    public static HttpRequestMessage Post(string body, string path = "v1/responses") => new(HttpMethod.Post, path)
    {
        Content = new StringContent(body, Encoding.UTF8, "application/json"),
        Headers = { { "Authorization", "Bearer " + GatewayFixture.ClientKey } },
    };

    /// <summary>POST <c>v1/responses/compact</c>.</summary>
    public static HttpRequestMessage Compact(string body) => Post(body, "v1/responses/compact");
}
