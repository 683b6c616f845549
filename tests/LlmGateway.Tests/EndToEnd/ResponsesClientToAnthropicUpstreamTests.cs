using System.ClientModel;
using System.Text;
using System.Text.Json.Nodes;
using LlmGateway.Tests.Infrastructure;
using OpenAI.Responses;

namespace LlmGateway.Tests.EndToEnd;

/// <summary>The OpenAI .NET SDK's Responses client against the gateway, served through the hub by an Anthropic Messages upstream.</summary>
public sealed class ResponsesClientToAnthropicUpstreamTests : UpstreamGatewayTest
{
    private const string Model = "claude-sonnet-4-5";
    private const string AnthropicKey = "sk-ant-upstream-secret-0001";
    private const string Signature = "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds";

    private static readonly ResponseTool WeatherTool = ResponseTool.CreateFunctionTool(
        "get_weather",
        BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"""),
        strictModeEnabled: false,
        "Current weather for a city");

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Gateway:Retry:MaxWaitSeconds"] = "0",
        ["Gateway:Providers:anthropic:Type"] = "anthropic",
        ["Gateway:Providers:anthropic:BaseUrl"] = Upstream.BaseUrl,
        ["Gateway:Providers:anthropic:Keys:0"] = AnthropicKey,
        ["Gateway:Providers:anthropic:Models:0"] = Model,
    };

    [Fact]
    public async Task CreateResponse_ThinkingAndToolUse_RoundTripSendsSignedThinkingAndToolResultBack()
    {
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200,
            $$$"""{"id":"msg_01T","type":"message","role":"assistant","model":"{{{CannedAnthropic.UpstreamModel}}}","content":[{"type":"thinking","thinking":"Use the tool.","signature":"{{{Signature}}}"},{"type":"tool_use","id":"toolu_01W","name":"get_weather","input":{"city":"Paris"}}],"stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":20,"cache_read_input_tokens":100,"output_tokens":40}}""");
        var client = Gateway.Responses();
        var question = ResponseItem.CreateUserMessageItem("Weather in Paris?");
        var options = new CreateResponseOptions
        {
            Model = Model,
            Instructions = "Be brief.",
            InputItems = { question },
            Tools = { WeatherTool },
            ReasoningOptions = new ResponseReasoningOptions { ReasoningEffortLevel = ResponseReasoningEffortLevel.Low, ReasoningSummaryVerbosity = ResponseReasoningSummaryVerbosity.Auto },
            MaxOutputTokenCount = 4000,
            StoredOutputEnabled = false,
        };

        ResponseResult first = await client.CreateResponseAsync(options);

        var sent = Upstream.LastRequest;
        Assert.Equal(("/v1/messages", AnthropicKey), (sent.Path, sent.Header("x-api-key")));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""[{"type":"text","text":"Be brief."}]"""), sent.Json["system"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"type":"enabled","budget_tokens":2048}"""), sent.Json["thinking"]));
        Assert.Equal(4000, sent.Json["max_tokens"]!.GetValue<int>());
        var reasoning = Assert.IsType<ReasoningResponseItem>(first.OutputItems[0]);
        Assert.Equal("Use the tool.", reasoning.GetSummaryText());
        Assert.StartsWith("lgw1.", reasoning.EncryptedContent, StringComparison.Ordinal);
        var call = Assert.IsType<FunctionCallResponseItem>(first.OutputItems[1]);
        Assert.Equal(("toolu_01W", "get_weather", """{"city":"Paris"}"""), (call.CallId, call.FunctionName, call.FunctionArguments.ToString()));
        Assert.Equal((120, 100, 40), (first.Usage.InputTokenCount, first.Usage.InputTokenDetails.CachedTokenCount, first.Usage.OutputTokenCount));

        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, CannedAnthropic.Message("18°C and sunny."));
        options.InputItems.Add(reasoning);
        options.InputItems.Add(call);
        options.InputItems.Add(ResponseItem.CreateFunctionCallOutputItem(call.CallId, "18°C, sunny"));
        ResponseResult second = await client.CreateResponseAsync(options);

        Assert.Equal("18°C and sunny.", second.GetOutputText());
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse($$$"""
                [{"role":"user","content":[{"type":"text","text":"Weather in Paris?"}]},
                 {"role":"assistant","content":[{"type":"thinking","thinking":"Use the tool.","signature":"{{{Signature}}}"},{"type":"tool_use","id":"toolu_01W","name":"get_weather","input":{"city":"Paris"}}]},
                 {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_01W","content":[{"type":"text","text":"18°C, sunny"}]}]}]
                """),
            Upstream.LastRequest.Json["messages"]));
    }

    [Fact]
    public async Task CreateResponseStreaming_ThinkingThenText_SdkGetsSummaryDeltasTextAndCompleted()
    {
        Upstream.Handler = (_, context) => FakeUpstream.AnthropicSse(
            context,
            CannedAnthropic.MessageStart(),
            CannedAnthropic.Ping,
            CannedAnthropic.ThinkingStart(0),
            CannedAnthropic.ThinkingDelta(0, "Six times"),
            CannedAnthropic.ThinkingDelta(0, " seven."),
            CannedAnthropic.SignatureDelta(0, Signature),
            CannedAnthropic.BlockStop(0),
            CannedAnthropic.TextStart(1),
            CannedAnthropic.TextDelta(1, "42"),
            CannedAnthropic.BlockStop(1),
            CannedAnthropic.MessageDelta("end_turn"),
            CannedAnthropic.MessageStop);
        var tap = new ResponseTapHandler();
        var options = new CreateResponseOptions { Model = Model, InputItems = { ResponseItem.CreateUserMessageItem("6 x 7?") }, StreamingEnabled = true };

        var summary = new StringBuilder();
        var text = new StringBuilder();
        ResponseResult? completed = null;
        await foreach (var update in await Gateway.Responses(tap).CreateResponseStreamingAsync(options))
        {
            switch (update)
            {
                case StreamingResponseReasoningSummaryTextDeltaUpdate delta:
                    summary.Append(delta.Delta);
                    break;
                case StreamingResponseOutputTextDeltaUpdate delta:
                    text.Append(delta.Delta);
                    break;
                case StreamingResponseCompletedUpdate done:
                    completed = done.Response;
                    break;
            }
        }

        ResponsesStreamChecker.AssertWellFormed(tap.ResponseBody);
        Assert.Equal(("Six times seven.", "42"), (summary.ToString(), text.ToString()));
        Assert.NotNull(completed);
        Assert.Equal("42", completed.GetOutputText());
        Assert.Equal((47, 30, 7), (completed.Usage.InputTokenCount, completed.Usage.InputTokenDetails.CachedTokenCount, completed.Usage.OutputTokenCount));
        Assert.True(Upstream.LastRequest.Json["stream"]!.GetValue<bool>());
    }

    [Fact]
    public async Task CreateResponse_OnlyKeyAnswers429_SdkSeesOpenAIShaped429WithRetryAfter()
    {
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 429, CannedAnthropic.Error("rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit."),
            new Dictionary<string, string> { ["retry-after"] = "12" });
        var options = new CreateResponseOptions { Model = Model, InputItems = { ResponseItem.CreateUserMessageItem("Hi") } };

        var error = await Assert.ThrowsAsync<ClientResultException>(() => Gateway.Responses().CreateResponseAsync(options));

        Assert.Equal(429, error.Status);
        var raw = error.GetRawResponse()!;
        Assert.True(raw.Headers.TryGetValue("Retry-After", out var retryAfter));
        Assert.Equal("12", retryAfter);
        var body = JsonNode.Parse(raw.Content.ToString())!["error"]!;
        Assert.Equal("all_credentials_cooling_down", body["code"]!.GetValue<string>());
        Assert.Contains("per-minute rate limit", body["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateResponseStreaming_UpstreamErrorMidStream_SdkGetsFailedUpdateAfterTheText()
    {
        Upstream.Handler = async (_, context) =>
        {
            await FakeUpstream.AnthropicSse(context, CannedAnthropic.MessageStart(), CannedAnthropic.Ping, CannedAnthropic.TextStart(0), CannedAnthropic.TextDelta(0, "Partial"));
            await FakeUpstream.SseEvent(context, "error", """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""");
        };
        var tap = new ResponseTapHandler();
        var options = new CreateResponseOptions { Model = Model, InputItems = { ResponseItem.CreateUserMessageItem("Hi") }, StreamingEnabled = true };

        var text = new StringBuilder();
        ResponseResult? failed = null;
        await foreach (var update in await Gateway.Responses(tap).CreateResponseStreamingAsync(options))
        {
            switch (update)
            {
                case StreamingResponseOutputTextDeltaUpdate delta:
                    text.Append(delta.Delta);
                    break;
                case StreamingResponseFailedUpdate done:
                    failed = done.Response;
                    break;
            }
        }

        ResponsesStreamChecker.AssertWellFormed(tap.ResponseBody);
        Assert.Equal("Partial", text.ToString());
        Assert.NotNull(failed);
        Assert.Equal(ResponseStatus.Failed, failed.Status);
        Assert.Equal("server_error", failed.Error.Code.ToString());
        Assert.Equal("Overloaded", failed.Error.Message);
    }

    [Fact]
    public async Task PostResponses_UpstreamPromptTooLongMidStream_ResponseFailedContextLengthExceeded()
    {
        Upstream.Handler = async (_, context) =>
        {
            await FakeUpstream.AnthropicSse(context, CannedAnthropic.MessageStart());
            await FakeUpstream.SseEvent(context, "error", CannedAnthropic.Error("invalid_request_error", "prompt is too long: 208431 tokens > 200000 maximum"));
        };

        using var response = await Gateway.Http.SendAsync(ResponsesRequests.Post($$"""{"model":"{{Model}}","stream":true,"input":"Hi"}"""), HttpCompletionOption.ResponseHeadersRead);
        var body = await response.Content.ReadAsStringAsync();

        ResponsesStreamChecker.AssertWellFormed(body);
        var last = GoldenLast(body);
        Assert.Equal("response.failed", last["type"]!.GetValue<string>());
        Assert.Equal("context_length_exceeded", last["response"]!["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task PostCompact_AnthropicUpstream_ConversationEndsWithTheUserRequestForASummary()
    {
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, CannedAnthropic.Message("Summary: greeted."));

        using var response = await Gateway.Http.SendAsync(ResponsesRequests.Compact($$"""
            {"model":"{{Model}}","input":[{"role":"user","content":"Hello"},{"role":"assistant","content":[{"type":"output_text","text":"Hi!"}]}]}
            """));

        Assert.Equal(200, (int)response.StatusCode);
        var sent = Upstream.LastRequest.Json;
        Assert.Equal("/v1/messages", Upstream.LastRequest.Path);
        Assert.Contains("summary", sent["system"]![0]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        var messages = sent["messages"]!.AsArray();
        Assert.Equal(["user", "assistant", "user"], messages.Select(m => m!["role"]!.GetValue<string>()));
        var compacted = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("response.compaction", compacted["object"]!.GetValue<string>());
        Assert.EndsWith("Summary: greeted.", compacted["output"]!.AsArray()[^1]!["content"]![0]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static JsonNode GoldenLast(string sse) => JsonNode.Parse(Golden.GoldenAssert.Parse(sse)[^1].Data)!;
}
