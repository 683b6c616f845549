using System.ClientModel;
using System.Text;
using System.Text.Json.Nodes;
using LlmGateway.Tests.Infrastructure;
using OpenAI.Responses;

namespace LlmGateway.Tests.EndToEnd;

/// <summary>
/// A Responses client in front of an <c>openai-responses</c> upstream: a pass-through that rewrites only the model, sends
/// the upstream's own Bearer key, and relays bodies and streams as they came.
/// </summary>
public sealed class ResponsesPassThroughTests : UpstreamGatewayTest
{
    private const string Model = "responses/gpt-5";
    private const string UpstreamKey = "sk-proj-upstream-secret-0001";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Gateway:Retry:MaxWaitSeconds"] = "0",
        ["Gateway:Providers:responses:Type"] = "openai-responses",
        ["Gateway:Providers:responses:BaseUrl"] = Upstream.BaseUrl,
        ["Gateway:Providers:responses:Keys:0"] = UpstreamKey,
        ["Gateway:Providers:responses:Models:0"] = "gpt-5",
    };

    [Fact]
    public async Task CreateResponse_PassThrough_UpstreamGetsClientBodyExceptModelAndSdkGetsTheAnswer()
    {
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, CannedResponses.Response("Hello from GPT-5"));
        var recorder = new RecordingHandler();
        var client = new ResponsesClient(new ApiKeyCredential(GatewayFixture.ClientKey), new ResponsesClientOptions
        {
            Endpoint = new Uri(Gateway.BaseUrl + "/v1"),
            RetryPolicy = new System.ClientModel.Primitives.ClientRetryPolicy(0),
            Transport = new System.ClientModel.Primitives.HttpClientPipelineTransport(new HttpClient(recorder)),
        });
        var options = new CreateResponseOptions
        {
            Model = Model,
            InputItems = { ResponseItem.CreateUserMessageItem("Héllo 👋") },
            ReasoningOptions = new ResponseReasoningOptions { ReasoningEffortLevel = ResponseReasoningEffortLevel.Minimal },
            StoredOutputEnabled = false,
        };

        ResponseResult result = await client.CreateResponseAsync(options);

        var sent = Upstream.LastRequest;
        Assert.Equal(("/v1/responses", "Bearer " + UpstreamKey), (sent.Path, sent.Header("authorization")));
        var clientBody = SseFrames.Utf8(recorder.RequestBody);
        Assert.Contains("\"model\":\"responses/gpt-5\"", clientBody, StringComparison.Ordinal);
        Assert.Equal(clientBody.Replace("\"model\":\"responses/gpt-5\"", "\"model\":\"gpt-5\"", StringComparison.Ordinal), SseFrames.Utf8(sent.Body));
        Assert.Equal(("resp_68up01", "Hello from GPT-5"), (result.Id, result.GetOutputText()));
        Assert.Equal("gAAAAABoUpstream==", Assert.IsType<ReasoningResponseItem>(result.OutputItems[0]).EncryptedContent);
        var record = Assert.Single(await Gateway.UsageAsync(1));
        Assert.Equal((120L, 30L, 64L, 12L), (record.Tokens.Input, record.Tokens.Output, record.Tokens.Cached, record.Tokens.Reasoning));
    }

    [Fact]
    public async Task CreateResponse_ToolCallRoundTrip_UpstreamGetsTheCallAndItsOutputPairedByCallId()
    {
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200,
            """{"id":"resp_tool1","object":"response","created_at":1760001200,"status":"completed","error":null,"incomplete_details":null,"model":"gpt-5-2025-08-07","output":[{"id":"fc_1","type":"function_call","status":"completed","arguments":"{\"city\":\"Paris\"}","call_id":"call_P1","name":"get_weather"}],"usage":{"input_tokens":30,"input_tokens_details":{"cached_tokens":0},"output_tokens":12,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":42}}""");
        var client = Gateway.Responses();
        var tool = ResponseTool.CreateFunctionTool("get_weather", BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}}}"""), strictModeEnabled: false);
        var question = ResponseItem.CreateUserMessageItem("Weather in Paris?");

        ResponseResult first = await client.CreateResponseAsync(new CreateResponseOptions { Model = Model, Tools = { tool }, InputItems = { question } });
        var call = Assert.IsType<FunctionCallResponseItem>(Assert.Single(first.OutputItems));
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, CannedResponses.Response("18°C"));
        ResponseResult second = await client.CreateResponseAsync(new CreateResponseOptions
        {
            Model = Model,
            Tools = { tool },
            InputItems = { question, call, ResponseItem.CreateFunctionCallOutputItem(call.CallId, "18°C, sunny") },
        });

        Assert.Equal("18°C", second.GetOutputText());
        var input = Upstream.LastRequest.Json["input"]!.AsArray();
        Assert.Equal(["message", "function_call", "function_call_output"], input.Select(i => i!["type"]!.GetValue<string>()));
        Assert.Equal(("call_P1", "call_P1"), (input[1]!["call_id"]!.GetValue<string>(), input[2]!["call_id"]!.GetValue<string>()));
        Assert.Equal("gpt-5", Upstream.LastRequest.Json["model"]!.GetValue<string>());
    }

    [Fact]
    public async Task PostResponses_NonStream_BodyRelayedByteForByte()
    {
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, CannedResponses.Response("ok"));

        using var response = await Gateway.Http.SendAsync(ResponsesRequests.Post("""{"model":"responses/gpt-5","input":"Hi","x_future_field":{"nested":[1,2.50,null]}}"""));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(CannedResponses.Response("ok"), await response.Content.ReadAsStringAsync());
        Assert.Equal("""{"model":"gpt-5","input":"Hi","x_future_field":{"nested":[1,2.50,null]}}""", SseFrames.Utf8(Upstream.LastRequest.Body));
    }

    [Fact]
    public async Task PostResponses_PreviousResponseIdAndBuiltInTools_ReachTheResponsesUpstreamAsTheyAre()
    {
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, CannedResponses.Response("ok"));
        const string Body = """{"model":"responses/gpt-5","previous_response_id":"resp_prev","store":true,"input":"And now?","tools":[{"type":"web_search"},{"type":"namespace","name":"mcp__x","tools":[]}]}""";

        using var response = await Gateway.Http.SendAsync(ResponsesRequests.Post(Body));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(Body.Replace("responses/gpt-5", "gpt-5", StringComparison.Ordinal), SseFrames.Utf8(Upstream.LastRequest.Body));
    }

    [Fact]
    public async Task PostResponses_Stream_EventsRelayedAsTheyCame()
    {
        var events = CannedResponses.TextStream();
        Upstream.Handler = (_, context) => FakeUpstream.ResponsesSse(context, events);

        using var response = await Gateway.Http.SendAsync(ResponsesRequests.Post("""{"model":"responses/gpt-5","stream":true,"input":"Hi"}"""), HttpCompletionOption.ResponseHeadersRead);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        ResponsesStreamChecker.AssertWellFormed(body);
        var relayed = Golden.GoldenAssert.Parse(body);
        Assert.Equal(events, relayed.Select(e => e.Data));
        Assert.Equal(events.Select(FakeUpstream.AnthropicEventType), relayed.Select(e => e.EventType));
        var record = Assert.Single(await Gateway.UsageAsync(1));
        Assert.Equal((20L, 2L, null), (record.Tokens.Input, record.Tokens.Output, record.ErrorClass));
    }

    [Fact]
    public async Task CreateResponseStreaming_PassThrough_SdkGetsTheUpstreamsText()
    {
        Upstream.Handler = (_, context) => FakeUpstream.ResponsesSse(context, CannedResponses.TextStream());
        var tap = new ResponseTapHandler();
        var options = new CreateResponseOptions { Model = Model, InputItems = { ResponseItem.CreateUserMessageItem("Hi") }, StreamingEnabled = true };

        var text = new StringBuilder();
        await foreach (var update in await Gateway.Responses(tap).CreateResponseStreamingAsync(options))
        {
            if (update is StreamingResponseOutputTextDeltaUpdate delta)
            {
                text.Append(delta.Delta);
            }
        }

        Assert.Equal("Hello", text.ToString());
        ResponsesStreamChecker.AssertWellFormed(tap.ResponseBody);
        Assert.Equal("gpt-5", Upstream.LastRequest.Json["model"]!.GetValue<string>());
    }

    [Fact]
    public async Task PostResponses_UpstreamBreaksOffMidStream_EndsWithResponseFailedAtTheNextSequenceNumber()
    {
        var drop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Upstream.Handler = async (_, context) =>
        {
            await FakeUpstream.ResponsesSse(context, CannedResponses.BrokenStream());
            await drop.Task;
            context.Abort();
        };

        using var response = await Gateway.Http.SendAsync(ResponsesRequests.Post("""{"model":"responses/gpt-5","stream":true,"input":"Hi"}"""), HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var seen = new StringBuilder();
        while (await reader.ReadLineAsync() is { } line)
        {
            seen.Append(line).Append('\n');
            if (line.Contains("\"delta\":\"Hel\"", StringComparison.Ordinal))
            {
                break;
            }
        }

        drop.SetResult();
        seen.Append(await reader.ReadToEndAsync());
        var body = seen.ToString();

        ResponsesStreamChecker.AssertWellFormed(body);
        var events = Golden.GoldenAssert.Parse(body);
        Assert.Equal(6, events.Count);
        var failed = JsonNode.Parse(events[^1].Data)!;
        Assert.Equal(("response.failed", 5), (failed["type"]!.GetValue<string>(), failed["sequence_number"]!.GetValue<int>()));
        Assert.Equal("resp_68up03", failed["response"]!["id"]!.GetValue<string>());
        Assert.Equal("server_error", failed["response"]!["error"]!["code"]!.GetValue<string>());
        Assert.Equal("upstream_stream_error", Assert.Single(await Gateway.UsageAsync(1)).ErrorClass);
    }

    [Fact]
    public async Task PostResponses_OnlyKeyAnswers429_Gateway429WithRetryAfterQuotingTheUpstream()
    {
        var error = CannedResponses.Error("Rate limit reached for gpt-5. Please try again in 2s.", "tokens", "rate_limit_exceeded");
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 429, error, new Dictionary<string, string> { ["retry-after"] = "2" });

        using var response = await Gateway.Http.SendAsync(ResponsesRequests.Post("""{"model":"responses/gpt-5","input":"Hi"}"""));

        Assert.Equal(429, (int)response.StatusCode);
        Assert.Equal("2", response.Headers.RetryAfter!.ToString());
        var body = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal("all_credentials_cooling_down", body["code"]!.GetValue<string>());
        Assert.Contains("Rate limit reached for gpt-5", body["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Single(Upstream.Requests);
    }

    [Fact]
    public async Task PostCompact_ResponsesUpstream_PassedThroughToItsCompactEndpoint()
    {
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, CannedResponses.Compacted());
        const string Body = """{"model":"responses/gpt-5","input":[{"role":"user","content":"Build it."}],"instructions":"You are Codex."}""";

        using var response = await Gateway.Http.SendAsync(ResponsesRequests.Compact(Body));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(CannedResponses.Compacted(), await response.Content.ReadAsStringAsync());
        Assert.Equal(("/v1/responses/compact", "Bearer " + UpstreamKey), (Upstream.LastRequest.Path, Upstream.LastRequest.Header("authorization")));
        Assert.Equal(Body.Replace("responses/gpt-5", "gpt-5", StringComparison.Ordinal), SseFrames.Utf8(Upstream.LastRequest.Body));
        var record = Assert.Single(await Gateway.UsageAsync(1));
        Assert.Equal(("responses/compact", 139L, 438L), (record.Endpoint, record.Tokens.Input, record.Tokens.Output));
    }

    [Fact]
    public async Task GetModels_ResponsesProvider_ListedLikeAnyOther()
    {
        using var response = await Gateway.Http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "v1/models") { Headers = { { "Authorization", "Bearer " + GatewayFixture.ClientKey } } });

        var ids = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["data"]!.AsArray().Select(m => m!["id"]!.GetValue<string>()).ToList();
        Assert.Contains("responses/gpt-5", ids);
        Assert.Contains("openai/gpt-4o", ids);
    }
}
