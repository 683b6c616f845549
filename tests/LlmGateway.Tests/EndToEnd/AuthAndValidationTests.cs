using System.ClientModel;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using LlmGateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using OpenAI.Chat;

namespace LlmGateway.Tests.EndToEnd;

public sealed class AuthAndValidationTests : UpstreamGatewayTest
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Gateway:MaxRequestBodyBytes"] = "4096" };

    protected override Func<RecordedRequest, HttpContext, Task> DefaultUpstreamHandler => (_, context) => FakeUpstream.Json(context, 200, Canned.Completion("ok"));

    [Fact]
    public async Task CompleteChat_WrongKey_Sdk401InOpenAIShapeAndUpstreamNotCalled()
    {
        var error = await Assert.ThrowsAsync<ClientResultException>(() => Gateway.Chat("gpt-4o", "sk-wrong-key-123").CompleteChatAsync([new UserChatMessage("Hi")]));

        Assert.Equal(401, error.Status);
        var body = JsonNode.Parse(error.GetRawResponse()!.Content.ToString())!["error"]!;
        Assert.Equal("invalid_api_key", body["code"]!.GetValue<string>());
        Assert.Equal("invalid_request_error", body["type"]!.GetValue<string>());
        Assert.Empty(Upstream.Requests);
    }

    [Theory]
    [InlineData("Authorization", "Bearer " + GatewayFixture.ClientKey, "")]
    [InlineData("x-api-key", GatewayFixture.ClientKey, "")]
    [InlineData("x-goog-api-key", GatewayFixture.ClientKey, "")]
    [InlineData("", "", "?key=" + GatewayFixture.ClientKey)]
    public async Task Post_KeyInAnySupportedPlace_IsAccepted(string header, string value, string query)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions" + query)
        {
            Content = new StringContent("""{"model":"gpt-4o","messages":[{"role":"user","content":"Hi"}]}""", Encoding.UTF8, "application/json"),
        };
        if (header.Length > 0)
        {
            request.Headers.TryAddWithoutValidation(header, value);
        }

        using var response = await Gateway.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(GatewayFixture.ClientKey, Encoding.UTF8.GetString(Upstream.LastRequest.Body), StringComparison.Ordinal);
        Assert.Equal("Bearer sk-upstream-secret-0001", Upstream.LastRequest.Header("authorization"));
        Assert.Null(Upstream.LastRequest.Header("x-api-key"));
        Assert.Null(Upstream.LastRequest.Header("x-goog-api-key"));
        Assert.Equal("/v1/chat/completions", Upstream.LastRequest.Path);
    }

    [Fact]
    public async Task Request_NoKey_Returns401()
    {
        using var chat = await Gateway.Http.PostAsync("v1/chat/completions", new StringContent("{}"));
        using var list = await Gateway.Http.GetAsync("v1/models");

        Assert.Equal(HttpStatusCode.Unauthorized, chat.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, list.StatusCode);
        Assert.Equal("invalid_api_key", JsonNode.Parse(await chat.Content.ReadAsStringAsync())!["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Post_MalformedJson_Returns400InOpenAIShape()
    {
        using var response = await PostChatAsync("""{"model":"gpt-4o","messages":[""");
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request_error", error["type"]!.GetValue<string>());
        Assert.Equal("invalid_json", error["code"]!.GetValue<string>());
        Assert.Empty(Upstream.Requests);
    }

    [Fact]
    public async Task CompleteChat_UnknownModel_Sdk404ListingKnownModels()
    {
        var error = await Assert.ThrowsAsync<ClientResultException>(() => Gateway.Chat("gpt-9-ultra").CompleteChatAsync([new UserChatMessage("Hi")]));

        Assert.Equal(404, error.Status);
        var body = JsonNode.Parse(error.GetRawResponse()!.Content.ToString())!["error"]!;
        Assert.Equal("model_not_found", body["code"]!.GetValue<string>());
        Assert.Equal("model", body["param"]!.GetValue<string>());
        Assert.Contains("openai/gpt-4o", body["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("mock/echo", body["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"messages":[{"role":"user","content":"Hi"}]}""", "model")]
    [InlineData("""{"model":"gpt-4o"}""", "messages")]
    [InlineData("""{"model":"gpt-4o","messages":[]}""", "messages")]
    [InlineData("""{"model":"gpt-4o","stream":"yes","messages":[{"role":"user","content":"Hi"}]}""", "stream")]
    public async Task Post_MissingOrInvalidRequiredField_Returns400NamingIt(string body, string param)
    {
        using var response = await PostChatAsync(body);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(param, error["param"]!.GetValue<string>());
    }

    [Fact]
    public async Task Post_BodyOverLimit_Returns413InOpenAIShape()
    {
        var big = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"" + new string('a', 5000) + "\"}]}";

        using var response = await PostChatAsync(big);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("request_too_large", error["code"]!.GetValue<string>());
        Assert.Empty(Upstream.Requests);
    }

    [Fact]
    public async Task Post_ChunkedBodyOverLimit_Returns413()
    {
        var big = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"" + new string('a', 5000) + "\"}]}";
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big))),
            Headers = { { "Authorization", "Bearer " + GatewayFixture.ClientKey } },
        };
        request.Headers.TransferEncodingChunked = true;

        using var response = await Gateway.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Post_LargeBodyOverKestrelDefaultButUnderGatewayLimit_IsServed()
    {
        await using var gateway = await GatewayFixture.StartAsync(Upstream, new Dictionary<string, string?> { ["Gateway:MaxRequestBodyBytes"] = "40000000" });
        var big = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"" + new string('a', 31 * 1024 * 1024) + "\"}]}";
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = new StringContent(big, Encoding.UTF8, "application/json"),
            Headers = { { "Authorization", "Bearer " + GatewayFixture.ClientKey } },
        };

        using var response = await gateway.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(big.Length, Upstream.LastRequest.Body.Length);
    }
}
