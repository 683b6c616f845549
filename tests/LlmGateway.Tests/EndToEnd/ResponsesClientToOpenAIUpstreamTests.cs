using System.ClientModel;
using System.Text;
using System.Text.Json.Nodes;
using LlmGateway.Tests.Infrastructure;
using OpenAI.Responses;

namespace LlmGateway.Tests.EndToEnd;

/// <summary>The OpenAI .NET SDK's Responses client against the gateway, served through the hub by an OpenAI-compatible Chat upstream.</summary>
public sealed class ResponsesClientToOpenAIUpstreamTests : UpstreamGatewayTest
{
    private const string Model = "gpt-4o";

    private static readonly ResponseTool WeatherTool = ResponseTool.CreateFunctionTool(
        "get_weather",
        BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"""),
        strictModeEnabled: false,
        "Current weather for a city");

    [Fact]
    public async Task CreateResponse_InstructionsAndText_UpstreamGetsChatRequestAndSdkGetsOutputAndUsage()
    {
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, Canned.Completion("Hello from chat"));
        var options = new CreateResponseOptions
        {
            Model = Model,
            Instructions = "You are terse.",
            InputItems = { ResponseItem.CreateUserMessageItem("Hi") },
            MaxOutputTokenCount = 100,
            StoredOutputEnabled = true,
        };

        ResponseResult result = await Gateway.Responses().CreateResponseAsync(options);

        Assert.Equal("Hello from chat", result.GetOutputText());
        Assert.Equal(ResponseStatus.Completed, result.Status);
        Assert.StartsWith("resp_", result.Id, StringComparison.Ordinal);
        Assert.Equal((11, 5, 3, 1, 14), (result.Usage.InputTokenCount, result.Usage.InputTokenDetails.CachedTokenCount, result.Usage.OutputTokenCount, result.Usage.OutputTokenDetails.ReasoningTokenCount, result.Usage.TotalTokenCount));
        var sent = Upstream.LastRequest;
        Assert.Equal("/v1/chat/completions", sent.Path);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"model":"gpt-4o","messages":[{"role":"system","content":"You are terse."},{"role":"user","content":"Hi"}],"max_tokens":100}"""),
            sent.Json));
        var record = Assert.Single(await Gateway.UsageAsync(1));
        Assert.Equal(("responses", 11L, 3L), (record.Endpoint, record.Tokens.Input, record.Tokens.Output));
    }

    [Fact]
    public async Task CreateResponseStreaming_ChatChunks_SdkGetsDeltasAndCompletedResponseOnAWellFormedStream()
    {
        Upstream.Handler = (_, context) => FakeUpstream.Sse(context, Canned.TextStream());
        var tap = new ResponseTapHandler();
        var options = new CreateResponseOptions { Model = Model, InputItems = { ResponseItem.CreateUserMessageItem("Hi") }, StreamingEnabled = true };

        var text = new StringBuilder();
        ResponseResult? completed = null;
        await foreach (var update in await Gateway.Responses(tap).CreateResponseStreamingAsync(options))
        {
            switch (update)
            {
                case StreamingResponseOutputTextDeltaUpdate delta:
                    text.Append(delta.Delta);
                    break;
                case StreamingResponseCompletedUpdate done:
                    completed = done.Response;
                    break;
            }
        }

        Assert.Equal("Hello", text.ToString());
        Assert.NotNull(completed);
        Assert.Equal("Hello", completed.GetOutputText());
        Assert.Equal((9, 4, 2), (completed.Usage.InputTokenCount, completed.Usage.InputTokenDetails.CachedTokenCount, completed.Usage.OutputTokenCount));
        ResponsesStreamChecker.AssertWellFormed(tap.ResponseBody);
        Assert.True(Upstream.LastRequest.Json["stream_options"]!["include_usage"]!.GetValue<bool>());
    }

    [Fact]
    public async Task CreateResponseStreaming_ToolCallThenOutput_CallIdPairsBothWays()
    {
        Upstream.Handler = (_, context) => FakeUpstream.Sse(
            context,
            Canned.Chunk("""{"role":"assistant","content":null}"""),
            Canned.Chunk("""{"tool_calls":[{"index":0,"id":"call_W1","type":"function","function":{"name":"get_weather","arguments":""}}]}"""),
            Canned.Chunk("""{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\":"}}]}"""),
            Canned.Chunk("""{"tool_calls":[{"index":0,"function":{"arguments":"\"Paris\"}"}}]}"""),
            Canned.Chunk("{}", "tool_calls"),
            Canned.UsageChunk(),
            "[DONE]");
        var tap = new ResponseTapHandler();
        var client = Gateway.Responses(tap);
        var history = new List<ResponseItem> { ResponseItem.CreateUserMessageItem("Weather in Paris?") };
        var options = new CreateResponseOptions { Model = Model, Tools = { WeatherTool }, StreamingEnabled = true };
        foreach (var item in history)
        {
            options.InputItems.Add(item);
        }

        FunctionCallResponseItem? call = null;
        await foreach (var update in await client.CreateResponseStreamingAsync(options))
        {
            if (update is StreamingResponseOutputItemDoneUpdate { Item: FunctionCallResponseItem done })
            {
                call = done;
            }
        }

        ResponsesStreamChecker.AssertWellFormed(tap.ResponseBody);
        Assert.NotNull(call);
        Assert.Equal(("call_W1", "get_weather", """{"city":"Paris"}"""), (call.CallId, call.FunctionName, call.FunctionArguments.ToString()));

        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, Canned.Completion("18°C and sunny."));
        var next = new CreateResponseOptions { Model = Model, Tools = { WeatherTool }, InputItems = { history[0], call, ResponseItem.CreateFunctionCallOutputItem(call.CallId, "18°C, sunny") } };
        ResponseResult answer = await client.CreateResponseAsync(next);

        Assert.Equal("18°C and sunny.", answer.GetOutputText());
        var messages = Upstream.LastRequest.Json["messages"]!.AsArray();
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""
                [{"role":"user","content":"Weather in Paris?"},
                 {"role":"assistant","content":null,"tool_calls":[{"id":"call_W1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},
                 {"role":"tool","tool_call_id":"call_W1","content":"18°C, sunny"}]
                """),
            messages));
    }

    [Fact]
    public async Task CreateResponse_UpstreamContextWindowError_SdkGets400ContextLengthExceeded()
    {
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 400, Canned.Error(
            "This model's maximum context length is 128000 tokens. However, your messages resulted in 130512 tokens.", "invalid_request_error", "context_length_exceeded"));
        var options = new CreateResponseOptions { Model = Model, InputItems = { ResponseItem.CreateUserMessageItem("A very long prompt") } };

        var error = await Assert.ThrowsAsync<ClientResultException>(() => Gateway.Responses().CreateResponseAsync(options));

        Assert.Equal(400, error.Status);
        var body = JsonNode.Parse(error.GetRawResponse()!.Content.ToString())!["error"]!;
        Assert.Equal("context_length_exceeded", body["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task PostResponses_PreviousResponseId_400NamingItWithoutCallingUpstream()
    {
        using var response = await Gateway.Http.SendAsync(ResponsesRequests.Post("""{"model":"gpt-4o","previous_response_id":"resp_1","input":"Go on."}"""));

        Assert.Equal(400, (int)response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal("previous_response_id", error["param"]!.GetValue<string>());
        Assert.Contains("previous_response_id", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(Upstream.Requests);
    }

    [Theory]
    [InlineData("web_search", 1)]
    [InlineData("file_search", 1)]
    [InlineData("computer_use_preview", 1)]
    [InlineData("namespace", 1)]
    public async Task PostResponses_BuiltInTool_400NamingTheToolType(string type, int index)
    {
        var body = """{"model":"gpt-4o","input":"Hi","tools":[{"type":"function","name":"f","parameters":{"type":"object","properties":{}}},{"type":"TYPE","name":"x"}]}""".Replace("TYPE", type, StringComparison.Ordinal);

        using var response = await Gateway.Http.SendAsync(ResponsesRequests.Post(body));

        Assert.Equal(400, (int)response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal($"tools[{index}]", error["param"]!.GetValue<string>());
        Assert.Contains($"'{type}'", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(Upstream.Requests);
    }

    [Fact]
    public async Task PostCompact_ChatUpstream_SummarisingCallAndCompactionShape()
    {
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, Canned.Completion("The user wants a landing page; done: index.html."));
        const string Body = """
            {"model":"gpt-4o","instructions":"You are Codex.","input":[
              {"type":"message","role":"user","content":[{"type":"input_text","text":"Build a landing page."}]},
              {"type":"function_call","call_id":"call_1","name":"shell","arguments":"{\"command\":[\"ls\"]}"},
              {"type":"function_call_output","call_id":"call_1","output":"index.html"},
              {"type":"message","role":"assistant","content":[{"type":"output_text","text":"Done."}]}],
             "tools":[{"type":"function","name":"shell","parameters":{"type":"object","properties":{"command":{"type":"array"}}}},{"type":"web_search"}],
             "parallel_tool_calls":true}
            """;

        using var response = await Gateway.Http.SendAsync(ResponsesRequests.Compact(Body));

        Assert.Equal(200, (int)response.StatusCode);
        var sent = Upstream.LastRequest.Json;
        Assert.Equal("/v1/chat/completions", Upstream.LastRequest.Path);
        Assert.Null(sent["stream"]);
        Assert.Equal("none", sent["tool_choice"]!.GetValue<string>());
        Assert.Equal(["shell"], sent["tools"]!.AsArray().Select(t => t!["function"]!["name"]!.GetValue<string>()));
        var messages = sent["messages"]!.AsArray();
        Assert.Equal(("system", "You are Codex."), (messages[0]!["role"]!.GetValue<string>(), messages[0]!["content"]!.GetValue<string>()));
        Assert.Equal("system", messages[^2]!["role"]!.GetValue<string>());
        Assert.Contains("summary", messages[^2]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("user", messages[^1]!["role"]!.GetValue<string>());
        var compacted = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("response.compaction", compacted["object"]!.GetValue<string>());
        Assert.StartsWith("resp_", compacted["id"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""
                [{"type":"message","role":"user","content":[{"type":"input_text","text":"Build a landing page."}]},
                 {"type":"message","role":"user","content":[{"type":"input_text","text":"Summary of the conversation so far (earlier messages were compacted):\n\nThe user wants a landing page; done: index.html."}]}]
                """),
            compacted["output"]));
        Assert.Equal(14, compacted["usage"]!["total_tokens"]!.GetValue<int>());
        var record = Assert.Single(await Gateway.UsageAsync(1));
        Assert.Equal("responses/compact", record.Endpoint);
    }

    [Fact]
    public async Task PostResponses_MockProviderWithReasoning_WellFormedStreamWithReasoningAndText()
    {
        using var response = await Gateway.Http.SendAsync(
            ResponsesRequests.Post("""{"model":"echo","stream":true,"reasoning":{"effort":"low","summary":"auto"},"input":"Say hi"}"""),
            HttpCompletionOption.ResponseHeadersRead);
        var body = await response.Content.ReadAsStringAsync();

        ResponsesStreamChecker.AssertWellFormed(body);
        var completed = JsonNode.Parse(Golden.GoldenAssert.Parse(body)[^1].Data)!["response"]!;
        Assert.Equal(["reasoning", "message"], completed["output"]!.AsArray().Select(i => i!["type"]!.GetValue<string>()));
    }

    [Fact]
    public async Task PostCompact_StreamTrue_400NamingStream()
    {
        using var response = await Gateway.Http.SendAsync(ResponsesRequests.Compact("""{"model":"gpt-4o","input":"Hi","stream":true}"""));

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("stream", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["param"]!.GetValue<string>());
        Assert.Empty(Upstream.Requests);
    }
}
