using System.ClientModel;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LlmGateway.Tests.Infrastructure;
using OpenAI.Chat;

namespace LlmGateway.Tests.EndToEnd;

/// <summary>
/// The official OpenAI .NET SDK against the gateway, served through the hub by a Gemini upstream
/// (<c>{base}/models/{model}:generateContent</c>, key in <c>x-goog-api-key</c>).
/// </summary>
public sealed class OpenAIClientToGeminiUpstreamTests : UpstreamGatewayTest
{
    private const string Model = CannedGemini.UpstreamModel;

    private static readonly ChatTool WeatherTool = ChatTool.CreateFunctionTool(
        "get_weather",
        "Current weather for a city",
        BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"""));

    protected override IDictionary<string, string?> Settings => CannedGemini.Provider(Upstream);

    [Fact]
    public async Task CompleteChat_SystemOptionsAndStrictTool_UpstreamGetsGeminiRequestWithSanitisedSchema()
    {
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, CannedGemini.Response("Sunny."));
        var strictTool = ChatTool.CreateFunctionTool(
            "get_weather",
            "Current weather for a city",
            BinaryData.FromString("""{"$schema":"http://json-schema.org/draft-07/schema#","type":"object","properties":{"city":{"type":"string","description":"City name"},"unit":{"type":["string","null"],"enum":["celsius","fahrenheit",null]}},"required":["city","unit"],"additionalProperties":false}"""),
            functionSchemaIsStrict: true);

        await Gateway.Chat(Model).CompleteChatAsync(
            [new SystemChatMessage("You are terse."), new UserChatMessage("Weather in Paris?"), new AssistantChatMessage("Which unit?"), new UserChatMessage("Celsius.")],
            new ChatCompletionOptions { Tools = { strictTool }, Temperature = 0.5f, TopP = 0.9f, MaxOutputTokenCount = 256, StopSequences = { "END" } });

        var sent = Upstream.LastRequest;
        Assert.Equal("POST", sent.Method);
        Assert.Equal("/v1beta/models/gemini-2.5-flash:generateContent", sent.Path);
        Assert.Equal(CannedGemini.Key, sent.Header("x-goog-api-key"));
        Assert.Null(sent.Header("authorization"));
        Assert.DoesNotContain(CannedGemini.Key, sent.Path, StringComparison.Ordinal);
        Assert.DoesNotContain("key=", sent.Path, StringComparison.Ordinal);
        Assert.DoesNotContain(GatewayFixture.ClientKey, string.Join("\n", sent.Headers.Values), StringComparison.Ordinal);
        AssertJson(
            """
            {"contents":[{"role":"user","parts":[{"text":"Weather in Paris?"}]},{"role":"model","parts":[{"text":"Which unit?"}]},{"role":"user","parts":[{"text":"Celsius."}]}],
             "systemInstruction":{"parts":[{"text":"You are terse."}]},
             "tools":[{"functionDeclarations":[{"name":"get_weather","description":"Current weather for a city",
               "parameters":{"type":"object","properties":{"city":{"type":"string","description":"City name"},"unit":{"type":"string","nullable":true,"enum":["celsius","fahrenheit"]}},"required":["city","unit"]}}]}],
             "generationConfig":{"temperature":0.5,"topP":0.9,"maxOutputTokens":256,"stopSequences":["END"]}}
            """,
            sent.Json);
        var body = SseFrames.Utf8(sent.Body);
        Assert.DoesNotContain("$schema", body, StringComparison.Ordinal);
        Assert.DoesNotContain("additionalProperties", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteChat_GeminiResponse_SdkGetsTextAndUsageWithCachedAndReasoningTokens()
    {
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, CannedGemini.Response("Hello from Gemini"));

        ChatCompletion completion = await Gateway.Chat(Model).CompleteChatAsync([new UserChatMessage("Hi")]);

        Assert.Equal("Hello from Gemini", Assert.Single(completion.Content).Text);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal(ChatMessageRole.Assistant, completion.Role);
        // Gemini: prompt 20 (8 cached), candidates 6 + thoughts 10 = 16 output tokens, total 36.
        Assert.Equal((20, 8), (completion.Usage.InputTokenCount, completion.Usage.InputTokenDetails.CachedTokenCount));
        Assert.Equal((16, 10), (completion.Usage.OutputTokenCount, completion.Usage.OutputTokenDetails.ReasoningTokenCount));
        Assert.Equal(36, completion.Usage.TotalTokenCount);
    }

    [Fact]
    public async Task CompleteChatStreaming_GeminiSseChunks_SdkGetsTextFinishReasonAndUsage()
    {
        Upstream.Handler = (_, context) => FakeUpstream.Sse(context, CannedGemini.TextStream("Hel", "lo", " world"));

        var text = new StringBuilder();
        ChatFinishReason? finish = null;
        ChatTokenUsage? usage = null;
        await foreach (var update in Gateway.Chat(Model).CompleteChatStreamingAsync([new UserChatMessage("Hi")]))
        {
            text.Append(string.Concat(update.ContentUpdate.Select(p => p.Text)));
            finish ??= update.FinishReason;
            usage ??= update.Usage;
        }

        Assert.Equal("Hello world", text.ToString());
        Assert.Equal(ChatFinishReason.Stop, finish);
        Assert.Equal((20, 8, 4, 24), (usage!.InputTokenCount, usage.InputTokenDetails.CachedTokenCount, usage.OutputTokenCount, usage.TotalTokenCount));
        var sent = Upstream.LastRequest;
        Assert.Equal("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", sent.Path);
        Assert.Equal(CannedGemini.Key, sent.Header("x-goog-api-key"));
        Assert.Equal("text/event-stream", sent.Header("accept"));
        Assert.Null(sent.Json["stream"]);
        Assert.Null(sent.Json["stream_options"]);
    }

    [Fact]
    public async Task PostChat_GeminiStream_ClientGetsDataOnlyChunksEndingWithDone()
    {
        Upstream.Handler = (_, context) => FakeUpstream.Sse(context, CannedGemini.TextStream());

        using var response = await PostChatAsync($$"""{"model":"{{Model}}","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"Hi"}]}""", HttpCompletionOption.ResponseHeadersRead);
        var body = await response.Content.ReadAsStringAsync();
        var events = body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.DoesNotContain("event:", body, StringComparison.Ordinal);
        Assert.All(events, e => Assert.StartsWith("data: ", e, StringComparison.Ordinal));
        Assert.Equal("data: [DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonNode.Parse(e["data: ".Length..])!).ToList();
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c["object"]!.GetValue<string>()));
        Assert.Single(chunks.Select(c => c["id"]!.GetValue<string>()).Distinct());
        Assert.Equal("Hello", string.Concat(chunks.Where(c => c["choices"]!.AsArray().Count > 0).Select(c => (string?)c["choices"]![0]!["delta"]!["content"])));
        var usageChunk = chunks[^1];
        Assert.Empty(usageChunk["choices"]!.AsArray());
        Assert.Equal(24, usageChunk["usage"]!["total_tokens"]!.GetValue<int>());
        var record = Assert.Single(await Gateway.UsageAsync(1));
        Assert.Equal(("gemini", Model, 200), (record.Provider, record.ModelServed, record.Status));
        Assert.Equal((20L, 4L, 8L), (record.Tokens.Input, record.Tokens.Output, record.Tokens.Cached));
    }

    [Fact]
    public async Task CompleteChat_FunctionCallWithoutIdThenToolResult_SynthesisedIdPairsFunctionResponseByName()
    {
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, CannedGemini.ResponseWithParts(
            """[{"text":"Let me check."},{"functionCall":{"name":"get_weather","args":{"city":"Paris"}}}]""", "resp-tool-1"));
        var chat = Gateway.Chat(Model);
        var options = new ChatCompletionOptions { Tools = { WeatherTool } };
        List<ChatMessage> messages = [new UserChatMessage("Weather in Paris?")];

        ChatCompletion first = await chat.CompleteChatAsync(messages, options);

        Assert.Equal(ChatFinishReason.ToolCalls, first.FinishReason);
        Assert.Equal("Let me check.", Assert.Single(first.Content).Text);
        var call = Assert.Single(first.ToolCalls);
        Assert.False(string.IsNullOrEmpty(call.Id));
        Assert.Equal("call_resp-tool-1_0", call.Id);
        Assert.Equal("get_weather", call.FunctionName);
        AssertJson("""{"city":"Paris"}""", JsonNode.Parse(call.FunctionArguments.ToString()));

        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, CannedGemini.Response("18°C and sunny."));
        messages.Add(new AssistantChatMessage(first));
        messages.Add(new ToolChatMessage(call.Id, "18°C, sunny"));
        ChatCompletion second = await chat.CompleteChatAsync(messages, options);

        Assert.Equal("18°C and sunny.", Assert.Single(second.Content).Text);
        var contents = Upstream.LastRequest.Json["contents"]!.AsArray();
        Assert.Equal(["user", "model", "user"], contents.Select(c => c!["role"]!.GetValue<string>()));
        var modelParts = contents[1]!["parts"]!.AsArray();
        Assert.Equal("Let me check.", modelParts[0]!["text"]!.GetValue<string>());
        var functionCall = modelParts[1]!["functionCall"]!;
        Assert.Equal((call.Id, "get_weather"), (functionCall["id"]!.GetValue<string>(), functionCall["name"]!.GetValue<string>()));
        AssertJson("""{"city":"Paris"}""", functionCall["args"]);
        var functionResponse = Assert.Single(contents[2]!["parts"]!.AsArray())!["functionResponse"]!;
        AssertJson($$$"""{"id":"{{{call.Id}}}","name":"get_weather","response":{"result":"18°C, sunny"}}""", functionResponse);
    }

    [Fact]
    public async Task CompleteChat_FunctionCallWithThoughtSignature_CarriedAsExtraContentAndEchoedBackToGemini()
    {
        // OpenAI clients carry Gemini's thoughtSignature as Google's OpenAI-compatible API does:
        // tool_calls[i].extra_content.google.thought_signature. The .NET SDK keeps the unknown field when the assistant
        // message is replayed, and a raw client echoing it does the same: either way it goes back to Gemini.
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, CannedGemini.ResponseWithParts(
            """[{"functionCall":{"name":"get_weather","args":{"city":"Paris"}},"thoughtSignature":"CsQBAXLI2nyReal/Signature=="}]""", "resp-sig-1"));
        var chat = Gateway.Chat(Model);
        var options = new ChatCompletionOptions { Tools = { WeatherTool } };
        List<ChatMessage> messages = [new UserChatMessage("Weather in Paris?")];

        ChatCompletion first = await chat.CompleteChatAsync(messages, options);
        using var raw = await PostChatAsync(
            """{"model":"gemini-2.5-flash","messages":[{"role":"user","content":"Weather in Paris?"}],"tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}]}""");
        var rawCall = JsonNode.Parse(await raw.Content.ReadAsStringAsync())!["choices"]![0]!["message"]!["tool_calls"]![0]!;
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, CannedGemini.Response("18°C."));
        var call = Assert.Single(first.ToolCalls);
        messages.Add(new AssistantChatMessage(first));
        messages.Add(new ToolChatMessage(call.Id, "18°C"));
        await chat.CompleteChatAsync(messages, options);
        var sdkPart = Assert.Single(Upstream.LastRequest.Json["contents"]![1]!["parts"]!.AsArray())!;
        using var echoed = await PostChatAsync(
            """{"model":"gemini-2.5-flash","messages":[{"role":"user","content":"Weather in Paris?"},{"role":"assistant","content":null,"tool_calls":[""" + rawCall.ToJsonString() + """]},{"role":"tool","tool_call_id":""" + JsonSerializer.Serialize(rawCall["id"]!.GetValue<string>()) + ""","content":"18°C"}],"tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}]}""");
        var echoedPart = Assert.Single(Upstream.LastRequest.Json["contents"]![1]!["parts"]!.AsArray())!;

        Assert.Equal("CsQBAXLI2nyReal/Signature==", rawCall["extra_content"]!["google"]!["thought_signature"]!.GetValue<string>());
        Assert.Equal("get_weather", sdkPart["functionCall"]!["name"]!.GetValue<string>());
        Assert.Equal("CsQBAXLI2nyReal/Signature==", sdkPart["thoughtSignature"]!.GetValue<string>());
        Assert.Equal(System.Net.HttpStatusCode.OK, echoed.StatusCode);
        Assert.Equal("CsQBAXLI2nyReal/Signature==", echoedPart["thoughtSignature"]!.GetValue<string>());
    }

    [Fact]
    public async Task CompleteChat_Upstream429WithRetryInfoOnTheOnlyKey_SdkSeesOpenAIShaped429QuotingItWithRetryAfter()
    {
        await using var gateway = await StartGatewayWithAsync(NoWait);
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 429, CannedGemini.Error(
            429,
            "RESOURCE_EXHAUSTED",
            "You exceeded your current quota, please check your plan and billing details.",
            """[{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{"quotaMetric":"generativelanguage.googleapis.com/generate_content_free_tier_requests","quotaId":"GenerateRequestsPerMinutePerProjectPerModel-FreeTier"}]},{"@type":"type.googleapis.com/google.rpc.Help","links":[{"description":"Learn more about Gemini API quotas","url":"https://ai.google.dev/gemini-api/docs/rate-limits"}]},{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"7s"}]"""));

        var error = await Assert.ThrowsAsync<ClientResultException>(() => gateway.Chat(Model).CompleteChatAsync([new UserChatMessage("Hi")]));

        Assert.Equal(429, error.Status);
        var raw = error.GetRawResponse()!;
        Assert.True(raw.Headers.TryGetValue("Retry-After", out var retryAfter));
        Assert.Equal("7", retryAfter);
        var body = JsonNode.Parse(raw.Content.ToString())!.AsObject();
        Assert.Equal(["error"], body.Select(p => p.Key));
        Assert.Contains("You exceeded your current quota, please check your plan and billing details.", body["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("rate_limit_error", body["error"]!["type"]!.GetValue<string>());
        Assert.Equal("all_credentials_cooling_down", body["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task PostChat_Upstream429WithRetryInfoOnly_RetriedOnTheOtherKeyWhichServesUntilTheCooldownEnds()
    {
        // Google gives the delay only in the body (google.rpc.RetryInfo), never as a Retry-After header.
        const string SecondKey = "AIzaSy-upstream-secret-0002";
        var settings = new Dictionary<string, string?>(CannedGemini.Provider(Upstream)) { ["Gateway:Providers:gemini:Keys:1"] = SecondKey };
        await using var gateway = await GatewayFixture.StartAsync(Upstream, settings);
        Upstream.Handler = (request, context) => request.Header("x-goog-api-key") == CannedGemini.Key
            ? FakeUpstream.Json(context, 429, CannedGemini.Error(429, "RESOURCE_EXHAUSTED", "Quota exceeded.", """[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"60s"}]"""))
            : FakeUpstream.Json(context, 200, CannedGemini.Response("ok"));

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await gateway.Http.SendAsync(ChatRequest($$"""{"model":"{{Model}}","messages":[{"role":"user","content":"Hi"}]}"""));
            statuses.Add(response.StatusCode);
        }

        var keys = Upstream.Requests.Select(r => r.Header("x-goog-api-key")).ToList();
        Assert.Equal(1, keys.Count(k => k == CannedGemini.Key));
        Assert.Equal(4, keys.Count(k => k == SecondKey));
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
    }

    [Fact]
    public async Task CompleteChat_UpstreamInputTokenCountExceeded_SdkGets400ContextLengthExceeded()
    {
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 400, CannedGemini.Error(
            400, "INVALID_ARGUMENT", "The input token count (1048577) exceeds the maximum number of tokens allowed (1048576)."));

        var error = await Assert.ThrowsAsync<ClientResultException>(() => Gateway.Chat(Model).CompleteChatAsync([new UserChatMessage("Hi")]));

        Assert.Equal(400, error.Status);
        var body = JsonNode.Parse(error.GetRawResponse()!.Content.ToString())!["error"]!;
        Assert.Equal("context_length_exceeded", body["code"]!.GetValue<string>());
        Assert.Equal("invalid_request_error", body["type"]!.GetValue<string>());
        Assert.Equal(
            "This model's maximum context length is 1048576 tokens. However, your messages resulted in 1048577 tokens. Please reduce the length of the messages.",
            body["message"]!.GetValue<string>());
    }

    private static void AssertJson(string expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"Expected {JsonNode.Parse(expected)!.ToJsonString()}\nActual   {actual?.ToJsonString()}");
}
