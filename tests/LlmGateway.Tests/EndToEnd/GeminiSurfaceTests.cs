using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LlmGateway.Tests.Infrastructure;

namespace LlmGateway.Tests.EndToEnd;

/// <summary>
/// Raw HTTP as a Gemini client (<c>/v1beta/models/{model}:{method}</c>, <c>x-goog-api-key</c> or <c>?key=</c>) against
/// the gateway, served by an OpenAI upstream (hub), a Gemini upstream (pass-through) or an Anthropic upstream (hub).
/// </summary>
public sealed class GeminiSurfaceTests : UpstreamGatewayTest
{
    private const string AnthropicKey = "sk-ant-upstream-secret-0001";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(CannedGemini.Provider(Upstream))
    {
        ["Gateway:Providers:anthropic:Type"] = "anthropic",
        ["Gateway:Providers:anthropic:BaseUrl"] = Upstream.BaseUrl,
        ["Gateway:Providers:anthropic:Keys:0"] = AnthropicKey,
        ["Gateway:Providers:anthropic:Models:0"] = "claude-sonnet-4-5",
    };

    [Fact]
    public async Task GenerateContent_OpenAIUpstream_ClientGetsGenerateContentResponseAndUpstreamGetsChatRequest()
    {
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, Canned.Completion("Hello from OpenAI"));
        const string Body = """
            {"systemInstruction":{"parts":[{"text":"You are terse."}]},
             "contents":[{"role":"user","parts":[{"text":"Hi"}]},{"role":"model","parts":[{"text":"Hello."}]},{"role":"user","parts":[{"text":"How are you?"}]}],
             "generationConfig":{"temperature":0.3,"maxOutputTokens":100,"stopSequences":["END"]}}
            """;

        using var response = await Gateway.Http.SendAsync(GeminiRequests.Post("gpt-4o:generateContent", Body));
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        AssertJson(
            """
            {"candidates":[{"content":{"parts":[{"text":"Hello from OpenAI"}],"role":"model"},"finishReason":"STOP","index":0}],
             "usageMetadata":{"promptTokenCount":11,"candidatesTokenCount":2,"totalTokenCount":14,"cachedContentTokenCount":5,"thoughtsTokenCount":1},
             "modelVersion":"gpt-4o-2024-08-06","responseId":"chatcmpl-up1"}
            """,
            answer);
        var sent = Upstream.LastRequest;
        Assert.Equal(("/v1/chat/completions", "Bearer sk-upstream-secret-0001"), (sent.Path, sent.Header("authorization")));
        Assert.Null(sent.Header("x-goog-api-key"));
        Assert.Equal("gpt-4o", sent.Json["model"]!.GetValue<string>());
        AssertJson(
            """[{"role":"system","content":"You are terse."},{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello."},{"role":"user","content":"How are you?"}]""",
            sent.Json["messages"]);
        Assert.Equal((0.3, 100), (sent.Json["temperature"]!.GetValue<double>(), sent.Json["max_tokens"]!.GetValue<int>()));
        AssertJson("""["END"]""", sent.Json["stop"]);
    }

    [Fact]
    public async Task StreamGenerateContent_AltSse_DataOnlyFramesEachAGenerateContentResponse()
    {
        Upstream.Handler = (_, context) => FakeUpstream.Sse(context, Canned.TextStream());

        using var response = await Gateway.Http.SendAsync(
            GeminiRequests.Post("gpt-4o:streamGenerateContent?alt=sse", GeminiRequests.UserText("Hi")), HttpCompletionOption.ResponseHeadersRead);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        var frames = body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.All(frames, f => Assert.Matches("^data: [^\n]+$", f));
        var chunks = frames.Select(f => JsonNode.Parse(f["data: ".Length..])!).ToList();
        Assert.True(chunks.Count >= 2, body);
        Assert.All(chunks, c => Assert.Equal("model", c["candidates"]![0]!["content"]?["role"]?.GetValue<string>() ?? "model"));
        Assert.Equal("Hello", Text(chunks));
        Assert.All(chunks[..^1], c => Assert.Null(c["candidates"]![0]!["finishReason"]));
        Assert.Equal("STOP", chunks[^1]["candidates"]![0]!["finishReason"]!.GetValue<string>());
        AssertJson("""{"promptTokenCount":9,"candidatesTokenCount":1,"totalTokenCount":11,"cachedContentTokenCount":4,"thoughtsTokenCount":1}""", chunks[^1]["usageMetadata"]);
        var sent = Upstream.LastRequest.Json;
        Assert.True(sent["stream"]!.GetValue<bool>());
        AssertJson("""{"include_usage":true}""", sent["stream_options"]);
    }

    [Fact]
    public async Task StreamGenerateContent_WithoutAlt_OneJsonArrayOfTheSameChunksAsSse()
    {
        Upstream.Handler = (_, context) => FakeUpstream.Sse(context, Canned.TextStream());
        using var sse = await Gateway.Http.SendAsync(GeminiRequests.Post("gpt-4o:streamGenerateContent?alt=sse", GeminiRequests.UserText("Hi")));
        var sseChunks = (await sse.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(f => JsonNode.Parse(f["data: ".Length..])).ToList();

        using var response = await Gateway.Http.SendAsync(GeminiRequests.Post("gpt-4o:streamGenerateContent", GeminiRequests.UserText("Hi")));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        using var document = JsonDocument.Parse(body);
        Assert.Equal(JsonValueKind.Array, document.RootElement.ValueKind);
        var arrayChunks = JsonNode.Parse(body)!.AsArray().ToList();
        Assert.Equal(sseChunks.Count, arrayChunks.Count);
        for (var i = 0; i < sseChunks.Count; i++)
        {
            AssertJson(sseChunks[i]!.ToJsonString(), arrayChunks[i]);
        }

        Assert.Equal("Hello", Text(arrayChunks!));
        Assert.All(Upstream.Requests, r => Assert.True(r.Json["stream"]!.GetValue<bool>()));
    }

    [Theory]
    [InlineData("gpt-4o:generateContent")]
    [InlineData("models/gpt-4o:generateContent")]
    [InlineData("openai/gpt-4o:generateContent")]
    [InlineData("openai%2Fgpt-4o:generateContent")]
    [InlineData("models/openai/gpt-4o:generateContent")]
    public async Task GenerateContent_ModelFormsInPath_RouteToOpenAIUpstreamModel(string pathAndMethod)
    {
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, Canned.Completion("ok"));

        using var response = await Gateway.Http.SendAsync(GeminiRequests.Post(pathAndMethod, GeminiRequests.UserText("Hi")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", Text([JsonNode.Parse(await response.Content.ReadAsStringAsync())!]));
        Assert.Equal("gpt-4o", Upstream.LastRequest.Json["model"]!.GetValue<string>());
    }

    [Fact]
    public async Task GenerateContent_KeyInQuery_Accepted()
    {
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, Canned.Completion("ok"));

        using var response = await Gateway.Http.SendAsync(
            GeminiRequests.Post("gpt-4o:generateContent?key=" + GatewayFixture.ClientKey, GeminiRequests.UserText("Hi"), key: null));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(Upstream.Requests);
        Assert.DoesNotContain(GatewayFixture.ClientKey, Upstream.LastRequest.Path + string.Join("\n", Upstream.LastRequest.Headers.Values), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sk-wrong-key-000001")]
    [InlineData(null)]
    public async Task GenerateContent_BadOrMissingKey_401InGeminiErrorShape(string? key)
    {
        using var response = await Gateway.Http.SendAsync(GeminiRequests.Post("gpt-4o:generateContent", GeminiRequests.UserText("Hi"), key));
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(["error"], error.Select(p => p.Key));
        Assert.Equal(["code", "message", "status"], error["error"]!.AsObject().Select(p => p.Key));
        Assert.Equal(401, error["error"]!["code"]!.GetValue<int>());
        Assert.Equal("UNAUTHENTICATED", error["error"]!["status"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(error["error"]!["message"]!.GetValue<string>()));
        Assert.Empty(Upstream.Requests);
    }

    [Fact]
    public async Task GenerateContent_UnknownModel_404NotFound()
    {
        using var response = await Gateway.Http.SendAsync(GeminiRequests.Post("no-such-model:generateContent", GeminiRequests.UserText("Hi")));
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal((404, "NOT_FOUND"), (error["code"]!.GetValue<int>(), error["status"]!.GetValue<string>()));
        Assert.Contains("no-such-model", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(Upstream.Requests);
    }

    [Theory]
    [InlineData("gpt-4o:embedContent")]
    [InlineData("gpt-4o:batchGenerateContent")]
    [InlineData("gpt-4o")]
    public async Task Post_UnknownMethod_404NotFound(string pathAndMethod)
    {
        using var response = await Gateway.Http.SendAsync(GeminiRequests.Post(pathAndMethod, """{"content":{"parts":[{"text":"Hi"}]}}"""));
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal((404, "NOT_FOUND"), (error["code"]!.GetValue<int>(), error["status"]!.GetValue<string>()));
        Assert.Empty(Upstream.Requests);
    }

    [Fact]
    public async Task CountTokens_OpenAIUpstream_AnsweredLocallyWithoutCallingUpstream()
    {
        using var response = await Gateway.Http.SendAsync(GeminiRequests.Post("gpt-4o:countTokens", GeminiRequests.UserText("How many tokens is this sentence, roughly?")));
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["totalTokens"], answer.Select(p => p.Key));
        Assert.True(answer["totalTokens"]!.GetValue<int>() > 0);
        Assert.Empty(Upstream.Requests);
    }

    [Fact]
    public async Task ListModels_GeminiShape_EveryModelNamedWithModelsPrefix()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "v1beta/models") { Headers = { { "x-goog-api-key", GatewayFixture.ClientKey } } };

        using var response = await Gateway.Http.SendAsync(request);
        var models = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["models"]!.AsArray();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var names = models.Select(m => m!["name"]!.GetValue<string>()).ToList();
        Assert.All(names, n => Assert.StartsWith("models/", n, StringComparison.Ordinal));
        Assert.Contains("models/openai/gpt-4o", names);
        Assert.Contains("models/gemini/gemini-2.5-flash", names);
        Assert.Contains("models/anthropic/claude-sonnet-4-5", names);
        var gpt = models.Single(m => m!["name"]!.GetValue<string>() == "models/openai/gpt-4o")!;
        Assert.Contains("generateContent", gpt["supportedGenerationMethods"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.Contains("streamGenerateContent", gpt["supportedGenerationMethods"]!.AsArray().Select(m => m!.GetValue<string>()));
    }

    [Fact]
    public async Task GenerateContent_GeminiUpstream_PassThroughByteForByteBothWays()
    {
        var upstreamBody = CannedGemini.Response("Hello from Gemini");
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, upstreamBody);
        const string Body = "{ \"contents\" : [ {\"role\":\"user\",\"parts\":[{\"text\":\"caf\\u00e9 é\"}]} ],\n  \"safetySettings\":[{\"category\":\"HARM_CATEGORY_HARASSMENT\",\"threshold\":\"BLOCK_NONE\"}],\n  \"x_future_field\": {\"nested\": [1, 2.50, null]}\n}";

        using var response = await Gateway.Http.SendAsync(GeminiRequests.Post("gemini/gemini-2.5-flash:generateContent", Body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(upstreamBody, await response.Content.ReadAsStringAsync());
        var sent = Upstream.LastRequest;
        Assert.Equal("/v1beta/models/gemini-2.5-flash:generateContent", sent.Path);
        Assert.Equal(Body, SseFrames.Utf8(sent.Body));
        Assert.Equal(CannedGemini.Key, sent.Header("x-goog-api-key"));
        Assert.Null(sent.Header("authorization"));
        Assert.DoesNotContain(GatewayFixture.ClientKey, string.Join("\n", sent.Headers.Values), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamGenerateContent_GeminiUpstream_ClientStreamIsTheUpstreamChunksAsTheyCame()
    {
        var chunks = CannedGemini.TextStream("Hel", "lo", " there");
        Upstream.Handler = (_, context) => FakeUpstream.Sse(context, chunks);
        var body = GeminiRequests.UserText("Hi");

        using var response = await Gateway.Http.SendAsync(
            GeminiRequests.Post("gemini-2.5-flash:streamGenerateContent?alt=sse", body), HttpCompletionOption.ResponseHeadersRead);
        var received = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(string.Concat(chunks.Select(c => "data: " + c + "\n\n")), received);
        var sent = Upstream.LastRequest;
        Assert.Equal("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", sent.Path);
        Assert.Equal(body, SseFrames.Utf8(sent.Body));
        Assert.Equal(CannedGemini.Key, sent.Header("x-goog-api-key"));
        var record = Assert.Single(await Gateway.UsageAsync(1));
        Assert.Equal((20L, 4L, 8L), (record.Tokens.Input, record.Tokens.Output, record.Tokens.Cached));
    }

    [Fact]
    public async Task StreamGenerateContent_GeminiUpstreamWithoutAlt_JsonArrayOfTheUpstreamChunks()
    {
        var chunks = CannedGemini.TextStream();
        Upstream.Handler = (_, context) => FakeUpstream.Sse(context, chunks);

        using var response = await Gateway.Http.SendAsync(GeminiRequests.Post("gemini-2.5-flash:streamGenerateContent", GeminiRequests.UserText("Hi")));
        var received = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("[" + string.Join(",\r\n", chunks) + "]", received);
        Assert.Equal("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", Upstream.LastRequest.Path);
    }

    [Fact]
    public async Task GenerateContent_GeminiUpstreamFunctionCallWithThoughtSignature_ClientEchoesSignatureToUpstream()
    {
        const string Signature = "CsQBAXLI2nyReal/Signature==";
        var first = CannedGemini.ResponseWithParts("[{\"functionCall\":{\"name\":\"get_weather\",\"args\":{\"city\":\"Paris\"}},\"thoughtSignature\":\"" + Signature + "\"}]");
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, first);
        const string Tools = """
            "tools":[{"functionDeclarations":[{"name":"get_weather","parameters":{"type":"OBJECT","properties":{"city":{"type":"STRING"}}}}]}]
            """;
        var question = """{"role":"user","parts":[{"text":"Weather in Paris?"}]}""";

        using var response = await Gateway.Http.SendAsync(GeminiRequests.Post("gemini-2.5-flash:generateContent", "{\"contents\":[" + question + "]," + Tools + "}"));
        var modelContent = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["candidates"]![0]!["content"]!;
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, CannedGemini.Response("18°C."));
        var secondBody = "{\"contents\":[" + question + "," + modelContent.ToJsonString()
            + ",{\"role\":\"user\",\"parts\":[{\"functionResponse\":{\"name\":\"get_weather\",\"response\":{\"result\":\"18°C\"}}}]}]," + Tools + "}";
        using var second = await Gateway.Http.SendAsync(GeminiRequests.Post("gemini-2.5-flash:generateContent", secondBody));

        Assert.Equal(Signature, modelContent["parts"]![0]!["thoughtSignature"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var sent = Upstream.LastRequest;
        Assert.Equal(secondBody, SseFrames.Utf8(sent.Body));
        var echoed = sent.Json["contents"]![1]!["parts"]![0]!;
        Assert.Equal(Signature, echoed["thoughtSignature"]!.GetValue<string>());
        Assert.Equal("get_weather", echoed["functionCall"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task CountTokens_GeminiUpstream_ForwardedToItsCountTokens()
    {
        const string Answer = """{"totalTokens":31,"promptTokensDetails":[{"modality":"TEXT","tokenCount":31}]}""";
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, Answer);
        var body = GeminiRequests.UserText("How many tokens is this sentence, roughly?");

        using var response = await Gateway.Http.SendAsync(GeminiRequests.Post("gemini/gemini-2.5-flash:countTokens", body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Answer, await response.Content.ReadAsStringAsync());
        var sent = Upstream.LastRequest;
        Assert.Equal("/v1beta/models/gemini-2.5-flash:countTokens", sent.Path);
        Assert.Equal(body, SseFrames.Utf8(sent.Body));
        Assert.Equal(CannedGemini.Key, sent.Header("x-goog-api-key"));
        Assert.DoesNotContain(GatewayFixture.ClientKey, string.Join("\n", sent.Headers.Values), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateContent_GeminiUpstream429OnTheOnlyKey_ClientGetsGoogleErrorQuotingItWithRetryAfter()
    {
        var error = CannedGemini.Error(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota).",
            """[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"7s"}]""");
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 429, error);
        await using var gateway = await StartGatewayWithAsync(NoWait);

        using var response = await gateway.Http.SendAsync(GeminiRequests.Post("gemini-2.5-flash:generateContent", GeminiRequests.UserText("Hi")));
        var sent = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal((429, "RESOURCE_EXHAUSTED"), (sent["code"]!.GetValue<int>(), sent["status"]!.GetValue<string>()));
        Assert.Contains("Resource has been exhausted (e.g. check quota).", sent["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("7s", sent["details"]![0]!["retryDelay"]!.GetValue<string>());
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task StreamGenerateContent_AnthropicUpstream_GeminiClientGetsTextFinishAndUsage()
    {
        Upstream.Handler = (_, context) => FakeUpstream.AnthropicSse(context, CannedAnthropic.TextStream());

        using var response = await Gateway.Http.SendAsync(
            GeminiRequests.Post("claude-sonnet-4-5:streamGenerateContent?alt=sse", GeminiRequests.UserText("Hi")), HttpCompletionOption.ResponseHeadersRead);
        var events = await SseFrames.ReadEventsAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.All(events, e => Assert.Equal("message", e.EventType));
        var chunks = events.Select(e => JsonNode.Parse(e.Data)!).ToList();
        Assert.Equal("Hello", Text(chunks));
        Assert.Equal("STOP", chunks[^1]["candidates"]![0]!["finishReason"]!.GetValue<string>());
        // Anthropic: input 12 + cache read 30 + cache write 5 = 47 prompt tokens (30 cached), 7 output.
        AssertJson("""{"promptTokenCount":47,"candidatesTokenCount":7,"totalTokenCount":54,"cachedContentTokenCount":30}""", chunks[^1]["usageMetadata"]);
        var sent = Upstream.LastRequest;
        Assert.Equal(("/v1/messages", AnthropicKey), (sent.Path, sent.Header("x-api-key")));
        Assert.True(sent.Json["stream"]!.GetValue<bool>());
        Assert.Equal("claude-sonnet-4-5", sent.Json["model"]!.GetValue<string>());
        AssertJson("""[{"role":"user","content":[{"type":"text","text":"Hi"}]}]""", sent.Json["messages"]);
    }

    /// <summary>The text of every candidate part across chunks, in order.</summary>
    private static string Text(IEnumerable<JsonNode> chunks) => string.Concat(chunks
        .SelectMany(c => c["candidates"]?[0]?["content"]?["parts"]?.AsArray() ?? [])
        .Select(p => (string?)p!["text"]));

    private static void AssertJson(string expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"Expected {JsonNode.Parse(expected)!.ToJsonString()}\nActual   {actual?.ToJsonString()}");
}
