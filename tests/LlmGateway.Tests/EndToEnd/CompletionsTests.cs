using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using LlmGateway.Tests.Infrastructure;

namespace LlmGateway.Tests.EndToEnd;

/// <summary>
/// <c>POST /v1/completions</c> (legacy) over raw HTTP — the OpenAI .NET SDK keeps its legacy completions client
/// internal. It is served through the chat path: the upstream receives a Chat Completions request.
/// </summary>
public sealed class CompletionsTests : UpstreamGatewayTest
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Gateway:Providers:anthropic:Type"] = "anthropic",
        ["Gateway:Providers:anthropic:BaseUrl"] = Upstream.BaseUrl,
        ["Gateway:Providers:anthropic:Keys:0"] = "sk-ant-upstream-0001",
        ["Gateway:Providers:anthropic:Models:0"] = "claude-sonnet-4-5",
    };

    [Fact]
    public async Task PostCompletions_OpenAIUpstream_UpstreamGetsChatRequestAndClientGetsTextCompletion()
    {
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, Canned.Completion("Hello there"));

        using var response = await PostAsync("""{"model":"openai/gpt-4o","prompt":"Say hello","temperature":0.2,"stop":["\n"],"seed":7,"user":"u-1","suffix":null,"echo":false,"n":1,"best_of":1,"logprobs":null}""");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = Upstream.LastRequest;
        Assert.Equal("/v1/chat/completions", sent.Path);
        Assert.Equal("Bearer sk-upstream-secret-0001", sent.Header("authorization"));
        AssertJson(
            """{"model":"gpt-4o","messages":[{"role":"user","content":"Say hello"}],"max_tokens":16,"temperature":0.2,"stop":["\n"],"user":"u-1","seed":7}""",
            sent.Json);
        AssertJson(
            $$$"""
            {"id":"chatcmpl-up1","object":"text_completion","created":1700000000,"model":"{{{Canned.UpstreamModel}}}",
             "choices":[{"text":"Hello there","index":0,"logprobs":null,"finish_reason":"stop"}],
             "usage":{"prompt_tokens":11,"completion_tokens":3,"total_tokens":14,"prompt_tokens_details":{"cached_tokens":5},"completion_tokens_details":{"reasoning_tokens":1} } }
            """,
            body);
        var record = Assert.Single(await Gateway.UsageAsync(1));
        Assert.Equal(("completions", "openai", "gpt-4o", 200), (record.Endpoint, record.Provider, record.ModelServed, record.Status));
        Assert.Equal((11, 3), (record.Tokens.Input, record.Tokens.Output));
    }

    [Fact]
    public async Task PostCompletions_PromptArrayOfOneAndMaxTokens_UpstreamGetsThatPromptAndLimit()
    {
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, Canned.Completion("ok"));

        using var response = await PostAsync("""{"model":"gpt-4o","prompt":["Only one"],"max_tokens":200}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertJson("""{"model":"gpt-4o","messages":[{"role":"user","content":"Only one"}],"max_tokens":200}""", Upstream.LastRequest.Json);
    }

    [Fact]
    public async Task PostCompletions_StreamFromOpenAIUpstream_ClientGetsTextCompletionChunksUsageAndDone()
    {
        Upstream.Handler = (_, context) => FakeUpstream.Sse(context, Canned.TextStream());

        using var response = await PostAsync("""{"model":"gpt-4o","prompt":"Hi","stream":true,"stream_options":{"include_usage":true}}""", HttpCompletionOption.ResponseHeadersRead);
        var text = await response.Content.ReadAsStringAsync();
        var frames = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        var sent = Upstream.LastRequest.Json;
        Assert.True(sent["stream"]!.GetValue<bool>());
        Assert.True(sent["stream_options"]!["include_usage"]!.GetValue<bool>());
        Assert.DoesNotContain("event:", text, StringComparison.Ordinal);
        Assert.All(frames, f => Assert.StartsWith("data: ", f, StringComparison.Ordinal));
        Assert.Equal("data: [DONE]", frames[^1]);
        var chunks = frames[..^1].Select(f => JsonNode.Parse(f["data: ".Length..])!).ToList();
        Assert.All(chunks, c => Assert.Equal("text_completion", c["object"]!.GetValue<string>()));
        Assert.All(chunks, c => Assert.Equal("chatcmpl-up2", c["id"]!.GetValue<string>()));
        Assert.Equal(
            ["""{"text":"Hel","index":0,"logprobs":null,"finish_reason":null}""", """{"text":"lo","index":0,"logprobs":null,"finish_reason":null}""", """{"text":"","index":0,"logprobs":null,"finish_reason":"stop"}"""],
            chunks[..^1].Select(c => Assert.Single(c["choices"]!.AsArray())!.ToJsonString()));
        Assert.All(chunks[..^1], c => Assert.Equal(JsonValueKind(null), JsonValueKind(c["usage"])));
        var usage = chunks[^1];
        Assert.Empty(usage["choices"]!.AsArray());
        Assert.Equal((9, 2, 11), (usage["usage"]!["prompt_tokens"]!.GetValue<int>(), usage["usage"]!["completion_tokens"]!.GetValue<int>(), usage["usage"]!["total_tokens"]!.GetValue<int>()));
        var record = Assert.Single(await Gateway.UsageAsync(1));
        Assert.Equal(("completions", true, 9L), (record.Endpoint, record.Stream, record.Tokens.Input));
    }

    [Fact]
    public async Task PostCompletions_StreamWithoutIncludeUsage_NoUsageChunkAndNoUsageFields()
    {
        Upstream.Handler = (_, context) => FakeUpstream.Sse(context, Canned.TextStream());

        using var response = await PostAsync("""{"model":"gpt-4o","prompt":"Hi","stream":true}""", HttpCompletionOption.ResponseHeadersRead);
        var frames = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);

        var chunks = frames[..^1].Select(f => JsonNode.Parse(f["data: ".Length..])!.AsObject()).ToList();
        Assert.Equal("Hello", string.Concat(chunks.Select(c => c["choices"]![0]!["text"]!.GetValue<string>())));
        Assert.All(chunks, c => Assert.False(c.ContainsKey("usage")));
        Assert.All(chunks, c => Assert.Single(c["choices"]!.AsArray()));
    }

    [Fact]
    public async Task PostCompletions_Mock_EchoesThePromptCutAtTheDefaultSixteenTokens()
    {
        var prompt = string.Join(' ', Enumerable.Range(1, 20).Select(i => "w" + i));

        using var response = await PostAsync($$"""{"model":"echo","prompt":"{{prompt}}"}""");
        var choice = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["choices"]![0]!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(string.Join(' ', Enumerable.Range(1, 16).Select(i => "w" + i)), choice["text"]!.GetValue<string>());
        Assert.Equal("length", choice["finish_reason"]!.GetValue<string>());
        Assert.Empty(Upstream.Requests);
    }

    [Fact]
    public async Task PostCompletions_MockStream_PiecesJoinToThePromptAndFinishWithStop()
    {
        using var response = await PostAsync("""{"model":"mock/echo","prompt":"one two three","stream":true,"max_tokens":50}""", HttpCompletionOption.ResponseHeadersRead);
        var events = await SseFrames.ReadEventsAsync(response);

        Assert.Equal("[DONE]", events[^1].Data);
        var chunks = events[..^1].Select(e => JsonNode.Parse(e.Data)!["choices"]![0]!).ToList();
        Assert.Equal(["one", " two", " three", ""], chunks.Select(c => c["text"]!.GetValue<string>()));
        Assert.Equal("stop", chunks[^1]["finish_reason"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("\"suffix\":\"}\"", "suffix", "unsupported_parameter")]
    [InlineData("\"echo\":true", "echo", "unsupported_parameter")]
    [InlineData("\"best_of\":3", "best_of", "unsupported_parameter")]
    [InlineData("\"logprobs\":2", "logprobs", "unsupported_parameter")]
    [InlineData("\"n\":2", "n", "unsupported_parameter")]
    [InlineData("\"messages\":[]", "messages", "unknown_parameter")]
    [InlineData("\"tools\":[]", "tools", "unknown_parameter")]
    [InlineData("\"stream\":\"yes\"", "stream", "invalid_value")]
    public async Task PostCompletions_ParameterChatCannotHonour_Returns400NamingIt(string field, string param, string code)
    {
        using var response = await PostAsync("{\"model\":\"gpt-4o\",\"prompt\":\"Hi\"," + field + "}");

        await AssertErrorAsync(response, param, code);
        Assert.Empty(Upstream.Requests);
    }

    [Theory]
    [InlineData("\"prompt\":[\"a\",\"b\"]", "unsupported_parameter")]
    [InlineData("\"prompt\":[1,2,3]", "unsupported_parameter")]
    [InlineData("\"prompt\":[[1,2],[3]]", "unsupported_parameter")]
    [InlineData("\"prompt\":\"\"", "invalid_value")]
    [InlineData("\"prompt\":7", "invalid_type")]
    [InlineData("\"max_tokens\":16", "missing_required_parameter")]
    public async Task PostCompletions_PromptTheGatewayCannotServe_Returns400NamingPrompt(string field, string code)
    {
        using var response = await PostAsync("{\"model\":\"gpt-4o\"," + field + "}");

        await AssertErrorAsync(response, "prompt", code);
        Assert.Empty(Upstream.Requests);
    }

    [Fact]
    public async Task PostCompletions_SeedToAnthropicUpstream_Returns400NamingSeed()
    {
        using var response = await PostAsync("""{"model":"claude-sonnet-4-5","prompt":"Hi","seed":1}""");

        await AssertErrorAsync(response, "seed", "unsupported_parameter");
        Assert.Empty(Upstream.Requests);
    }

    [Fact]
    public async Task PostCompletions_AnthropicUpstream_UpstreamGetsMessagesRequestAndClientGetsTextCompletion()
    {
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, CannedAnthropic.Message("Bonjour"));

        using var response = await PostAsync("""{"model":"claude-sonnet-4-5","prompt":"Say hello in French","stop":"."}""");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = Upstream.LastRequest;
        Assert.Equal("/v1/messages", sent.Path);
        AssertJson("""{"model":"claude-sonnet-4-5","messages":[{"role":"user","content":[{"type":"text","text":"Say hello in French"}]}],"max_tokens":16,"stop_sequences":["."]}""", sent.Json);
        Assert.Equal("Bonjour", body["choices"]![0]!["text"]!.GetValue<string>());
        Assert.Equal("stop", body["choices"]![0]!["finish_reason"]!.GetValue<string>());
        Assert.Equal((47, 7), (body["usage"]!["prompt_tokens"]!.GetValue<int>(), body["usage"]!["completion_tokens"]!.GetValue<int>()));
    }

    [Fact]
    public async Task PostCompletions_WithoutKey_Returns401InOpenAIShape()
    {
        using var response = await Gateway.Http.PostAsync("v1/completions", new StringContent("""{"model":"echo","prompt":"Hi"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_api_key", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["code"]!.GetValue<string>());
    }

    private Task<HttpResponseMessage> PostAsync(string body, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead) =>
        Gateway.Http.SendAsync(
            new HttpRequestMessage(HttpMethod.Post, "v1/completions")
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
                Headers = { { "Authorization", "Bearer " + GatewayFixture.ClientKey } },
            },
            completion);

    private static async Task AssertErrorAsync(HttpResponseMessage response, string param, string code)
    {
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal((param, code, "invalid_request_error"), (error["param"]?.GetValue<string>(), error["code"]!.GetValue<string>(), error["type"]!.GetValue<string>()));
        Assert.Contains(param, error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static System.Text.Json.JsonValueKind JsonValueKind(JsonNode? node) => node?.GetValueKind() ?? System.Text.Json.JsonValueKind.Null;

    private static void AssertJson(string expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"Expected {JsonNode.Parse(expected)!.ToJsonString()}\nActual   {actual?.ToJsonString()}");
}
