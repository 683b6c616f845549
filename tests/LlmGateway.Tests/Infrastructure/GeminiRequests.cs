using System.Text;

namespace LlmGateway.Tests.Infrastructure;

/// <summary>Raw requests to the gateway's Gemini surface (<c>/v1beta/models/{model}:{method}</c>), as the Gemini SDKs send them.</summary>
public static class GeminiRequests
{
    /// <summary>A one-turn request body: <c>{"contents":[{"role":"user","parts":[{"text":...}]}]}</c>.</summary>
    public static string UserText(string text) =>
        "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":" + System.Text.Json.JsonSerializer.Serialize(text) + "}]}]}";

    /// <summary>POST <c>v1beta/models/{pathAndQuery}</c> with a raw JSON body and the key in <c>x-goog-api-key</c> (none when null).</summary>
    public static HttpRequestMessage Post(string pathAndQuery, string body, string? key = GatewayFixture.ClientKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "v1beta/models/" + pathAndQuery)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (key is not null)
        {
            request.Headers.Add("x-goog-api-key", key);
        }

        return request;
    }
}
