using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LlmGateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace LlmGateway.Tests.EndToEnd;

/// <summary>
/// The official Google Gen AI JavaScript SDK (<c>@google/genai</c>, tests/node/genai.test.mjs) against the gateway's
/// Gemini surface, served through the hub by an OpenAI-compatible fake upstream: generateContent,
/// generateContentStream, countTokens and a function-calling round trip.
/// </summary>
public sealed class GenAINodeClientTests : UpstreamGatewayTest
{
    private const string CallId = "call_weather_1";

    private static readonly string ToolCallCompletion =
        """{"id":"chatcmpl-tool1","object":"chat.completion","created":1700000000,"model":"MODEL","choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"ID","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}],"refusal":null},"logprobs":null,"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":40,"completion_tokens":12,"total_tokens":52}}"""
            .Replace("MODEL", Canned.UpstreamModel, StringComparison.Ordinal)
            .Replace("ID", CallId, StringComparison.Ordinal);

    protected override Func<RecordedRequest, HttpContext, Task> DefaultUpstreamHandler => Answer;

    [Fact]
    public async Task GenAISdk_GenerateStreamCountTokensAndFunctionCalling_NodeTestsPassAndUpstreamGetsTranslatedRequests()
    {
        await NodeTestRunner.EnsurePackagesInstalledAsync("@google/genai");
        var environment = new Dictionary<string, string> { ["GATEWAY_URL"] = Gateway.BaseUrl, ["GATEWAY_KEY"] = GatewayFixture.ClientKey };

        var (exitCode, output) = await NodeTestRunner.RunAsync("genai.test.mjs", environment, TimeSpan.FromSeconds(120));

        Assert.True(exitCode == 0, $"node --test genai.test.mjs exited with {exitCode}.\n{output}");
        Assert.True(Regex.IsMatch(output, @"(?m)^ℹ pass 4$") && Regex.IsMatch(output, @"(?m)^ℹ fail 0$"), $"Expected 4 passing node tests.\n{output}");
        var requests = Upstream.Requests;
        Assert.All(requests, r => Assert.Equal(("POST", "/v1/chat/completions", "Bearer sk-upstream-secret-0001"), (r.Method, r.Path, r.Header("authorization"))));
        Assert.Equal(4, requests.Count);

        var plain = Single(requests, "Say hello");
        Assert.Equal("gpt-4o", plain["model"]!.GetValue<string>());
        AssertJson("""[{"role":"system","content":"You are terse."},{"role":"user","content":"Say hello"}]""", plain["messages"]);
        Assert.Equal(0.2, plain["temperature"]!.GetValue<double>(), 6);
        Assert.Equal(64, plain["max_tokens"]!.GetValue<int>());
        Assert.Null(plain["stream"]);
        Assert.Null(plain["tools"]);

        var stream = Single(requests, "Stream please");
        Assert.True(stream["stream"]!.GetValue<bool>());
        AssertJson("""{"include_usage":true}""", stream["stream_options"]);
        AssertJson("""[{"role":"user","content":"Stream please"}]""", stream["messages"]);

        var toolTurns = requests.Select(r => r.Json).Where(b => b["tools"] is not null).ToList();
        Assert.Equal(2, toolTurns.Count);
        foreach (var turn in toolTurns)
        {
            var function = Assert.Single(turn["tools"]!.AsArray())!;
            Assert.Equal("function", function["type"]!.GetValue<string>());
            Assert.Equal("get_weather", function["function"]!["name"]!.GetValue<string>());
            Assert.Equal("Current weather for a city", function["function"]!["description"]!.GetValue<string>());
            AssertJson(
                """{"type":"object","properties":{"city":{"type":"string","description":"City name"}},"required":["city"],"additionalProperties":false}""",
                function["function"]!["parameters"]);
        }

        AssertJson("""[{"role":"user","content":"What is the weather in Paris?"}]""", toolTurns[0]["messages"]);
        var roundTrip = toolTurns[1]["messages"]!.AsArray();
        Assert.Equal(["user", "assistant", "tool"], roundTrip.Select(m => m!["role"]!.GetValue<string>()));
        var call = Assert.Single(roundTrip[1]!["tool_calls"]!.AsArray())!;
        Assert.Equal((CallId, "get_weather"), (call["id"]!.GetValue<string>(), call["function"]!["name"]!.GetValue<string>()));
        AssertJson("""{"city":"Paris"}""", JsonNode.Parse(call["function"]!["arguments"]!.GetValue<string>()));
        Assert.Equal(CallId, roundTrip[2]!["tool_call_id"]!.GetValue<string>());
        Assert.Equal("18°C, sunny", roundTrip[2]!["content"]!.GetValue<string>());

        Assert.DoesNotContain(requests, r => SseFrames.Utf8(r.Body).Contains("How many tokens", StringComparison.Ordinal));
    }

    /// <summary>Chooses the answer from the request: a stream, the function result turn, the tools turn, or plain text.</summary>
    private static Task Answer(RecordedRequest request, HttpContext context)
    {
        var body = request.Json;
        var messages = body["messages"]!.AsArray();
        if (body["stream"]?.GetValue<bool>() == true)
        {
            return FakeUpstream.Sse(context, Canned.TextStream());
        }

        if (messages.Any(m => m!["role"]!.GetValue<string>() == "tool"))
        {
            return FakeUpstream.Json(context, 200, Canned.Completion("It is 18°C and sunny in Paris."));
        }

        return body["tools"] is not null
            ? FakeUpstream.Json(context, 200, ToolCallCompletion)
            : FakeUpstream.Json(context, 200, Canned.Completion("Hello from the gateway"));
    }

    private static JsonObject Single(IReadOnlyList<RecordedRequest> requests, string text) =>
        Assert.Single(requests, r => SseFrames.Utf8(r.Body).Contains(text, StringComparison.Ordinal)).Json;

    private static void AssertJson(string expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"Expected {expected}\nActual   {actual?.ToJsonString()}");
}
