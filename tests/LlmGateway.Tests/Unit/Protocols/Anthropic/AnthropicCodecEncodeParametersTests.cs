using System.Buffers;
using LlmGateway.Protocols.Anthropic;
using LlmGateway.Translation;
using static LlmGateway.Tests.Unit.Protocols.Anthropic.AnthropicJson;

namespace LlmGateway.Tests.Unit.Protocols.Anthropic;

/// <summary>Tools, tool choice, sampling, reasoning, structured output and extensions for an Anthropic upstream.</summary>
public class AnthropicCodecEncodeParametersTests
{
    [Fact]
    public void EncodeRequest_FunctionTools_WriteNameDescriptionAndSchema()
    {
        var request = Chat(Message(ChatRole.User, new TextPart("q")));
        request.Tools.Add(new ToolDefinition("get_weather", "Weather by city", Element("""{"type":"object","properties":{"city":{"type":"string"}}}""")) { Strict = true });
        request.Tools.Add(new ToolDefinition("now", null));

        var json = Encode(request);

        Equal("""
            {"model":"claude-upstream","max_tokens":8192,"messages":[{"role":"user","content":[{"type":"text","text":"q"}]}],
             "tools":[{"name":"get_weather","description":"Weather by city","input_schema":{"type":"object","properties":{"city":{"type":"string"}}}},
                      {"name":"now","input_schema":{"type":"object","properties":{}}}]}
            """, json);
    }

    [Fact]
    public void EncodeRequest_BuiltInToolFromAnotherFormat_Returns400NamingTheTool()
    {
        var request = Chat(Message(ChatRole.User, new TextPart("q")));
        request.Tools.Add(new ToolDefinition("f", null, Element("{}")));
        request.Tools.Add(new ToolDefinition("web_search", null) { BuiltInType = "web_search_preview", Raw = Element("""{"type":"web_search_preview"}""") });

        var error = Error(() => Encode(request));

        Assert.Equal((400, "unsupported_parameter", "tools[1]"), (error.Status, error.Code, error.Param));
    }

    [Theory]
    [InlineData("Auto", null, null, """{"type":"auto"}""")]
    [InlineData("None", null, null, """{"type":"none"}""")]
    [InlineData("Required", null, null, """{"type":"any"}""")]
    [InlineData("Tool", "get_weather", null, """{"type":"tool","name":"get_weather"}""")]
    [InlineData("Required", null, false, """{"type":"any","disable_parallel_tool_use":true}""")]
    [InlineData(null, null, false, """{"type":"auto","disable_parallel_tool_use":true}""")]
    [InlineData(null, null, true, null)]
    [InlineData(null, null, null, null)]
    public void EncodeRequest_ToolChoice_MapsModesAndParallelism(string? mode, string? name, bool? parallel, string? expected)
    {
        var request = Chat(Message(ChatRole.User, new TextPart("q")));
        request.Tools.Add(new ToolDefinition("get_weather", null, Element("""{"type":"object"}""")));
        request.ToolChoice = mode is null ? null : new ToolChoice(Enum.Parse<ToolChoiceMode>(mode), name);
        request.ParallelToolCalls = parallel;

        var json = Encode(request);

        var choiceJson = expected is null ? "" : ",\"tool_choice\":" + expected;
        Equal($$$"""
            {"model":"claude-upstream","max_tokens":8192,"messages":[{"role":"user","content":[{"type":"text","text":"q"}]}],
             "tools":[{"name":"get_weather","input_schema":{"type":"object"}}]{{{choiceJson}}}}
            """, json);
    }

    [Fact]
    public void EncodeRequest_ToolChoiceWithoutTools_IsLeftOut()
    {
        var request = Chat(Message(ChatRole.User, new TextPart("q")));
        request.ToolChoice = new ToolChoice(ToolChoiceMode.None);
        request.ParallelToolCalls = false;

        var json = Encode(request);

        Assert.DoesNotContain("tool_choice", json, StringComparison.Ordinal);
    }

    [Fact]
    public void EncodeRequest_SamplingStopUserAndStream_AreWritten()
    {
        var request = Chat(Message(ChatRole.User, new TextPart("q")));
        request.MaxTokens = 300;
        request.Temperature = 0.7;
        request.TopP = 0.95;
        request.TopK = 40;
        request.StopSequences.AddRange(["END", "\n\n"]);
        request.User = "user-7";
        request.Stream = true;
        request.IncludeUsage = true;

        var json = Encode(request);

        Equal("""
            {"model":"claude-upstream","max_tokens":300,"messages":[{"role":"user","content":[{"type":"text","text":"q"}]}],
             "temperature":0.7,"top_p":0.95,"top_k":40,"stop_sequences":["END","\n\n"],"metadata":{"user_id":"user-7"},"stream":true}
            """, json);
    }

    [Theory]
    [InlineData("minimal", 1024)]
    [InlineData("low", 2048)]
    [InlineData("medium", 8192)]
    [InlineData("high", 16384)]
    [InlineData("xhigh", 32768)]
    public void EncodeRequest_ReasoningEffort_BecomesThinkingBudget(string effort, int budget)
    {
        var request = Chat(Message(ChatRole.User, new TextPart("q")));
        request.MaxTokens = 64000;
        request.Reasoning = new ReasoningConfig { Effort = effort };

        var json = Encode(request);

        Equal($$$"""
            {"model":"claude-upstream","max_tokens":64000,"messages":[{"role":"user","content":[{"type":"text","text":"q"}]}],
             "thinking":{"type":"enabled","budget_tokens":{{{budget}}}}}
            """, json);
    }

    [Fact]
    public void EncodeRequest_BudgetAboveMaxTokens_IsLoweredToMaxTokensMinusOne()
    {
        var request = Chat(Message(ChatRole.User, new TextPart("q")));
        request.MaxTokens = 10000;
        request.Reasoning = new ReasoningConfig { Effort = "high" };

        var json = Encode(request);

        Assert.Contains("""
            "thinking":{"type":"enabled","budget_tokens":9999}
            """.Trim(), json, StringComparison.Ordinal);
    }

    [Fact]
    public void EncodeRequest_DefaultMaxTokensTooSmallForThinking_Returns400NamingReasoningEffort()
    {
        var request = Chat(Message(ChatRole.User, new TextPart("q")));
        request.Reasoning = new ReasoningConfig { Effort = "low" };

        var error = Error(() => Encode(request, defaultMaxTokens: 1024));

        Assert.Equal((400, "reasoning_effort"), (error.Status, error.Param));
    }

    [Fact]
    public void EncodeRequest_UnknownEffort_Returns400NamingReasoningEffort()
    {
        var request = Chat(Message(ChatRole.User, new TextPart("q")));
        request.Reasoning = new ReasoningConfig { Effort = "extreme" };

        var error = Error(() => Encode(request));

        Assert.Equal((400, "reasoning_effort"), (error.Status, error.Param));
    }

    [Theory]
    [InlineData(false, "none", false, null)]
    [InlineData(false, null, true, null)]
    [InlineData(true, null, false, """{"type":"adaptive"}""")]
    public void EncodeRequest_ReasoningOffOrAdaptive_WritesNoBudget(bool adaptive, string? effort, bool disabled, string? thinking)
    {
        var request = Chat(Message(ChatRole.User, new TextPart("q")));
        request.Reasoning = new ReasoningConfig { Adaptive = adaptive, Effort = effort, Disabled = disabled };

        var json = Encode(request);

        var thinkingJson = thinking is null ? "" : ",\"thinking\":" + thinking;
        Equal($$$"""
            {"model":"claude-upstream","max_tokens":8192,"messages":[{"role":"user","content":[{"type":"text","text":"q"}]}]{{{thinkingJson}}}}
            """, json);
    }

    [Fact]
    public void EncodeRequest_JsonSchemaResponseFormat_BecomesOutputConfigFormat()
    {
        var request = Chat(Message(ChatRole.User, new TextPart("q")));
        request.ResponseFormat = new ResponseFormat(ResponseFormatKind.JsonSchema)
        {
            Name = "answer",
            Strict = true,
            Schema = Element("""{"type":"object","properties":{"a":{"type":"integer"}},"required":["a"],"additionalProperties":false}"""),
        };

        var json = Encode(request);

        Equal("""
            {"model":"claude-upstream","max_tokens":8192,"messages":[{"role":"user","content":[{"type":"text","text":"q"}]}],
             "output_config":{"format":{"type":"json_schema","schema":{"type":"object","properties":{"a":{"type":"integer"}},"required":["a"],"additionalProperties":false}}}}
            """, json);
    }

    [Fact]
    public void EncodeRequest_TextResponseFormat_IsLeftOut()
    {
        var request = Chat(Message(ChatRole.User, new TextPart("q")));
        request.ResponseFormat = new ResponseFormat(ResponseFormatKind.Text);

        Assert.DoesNotContain("output_config", Encode(request), StringComparison.Ordinal);
    }

    [Fact]
    public void EncodeRequest_JsonObjectResponseFormat_Returns400NamingResponseFormat()
    {
        var request = Chat(Message(ChatRole.User, new TextPart("q")));
        request.ResponseFormat = new ResponseFormat(ResponseFormatKind.JsonObject);

        var error = Error(() => Encode(request));

        Assert.Equal((400, "response_format"), (error.Status, error.Param));
    }

    [Theory]
    [InlineData("n", "2")]
    [InlineData("logprobs", "true")]
    [InlineData("top_logprobs", "3")]
    [InlineData("logit_bias", "{\"50256\":-100}")]
    [InlineData("presence_penalty", "0.5")]
    [InlineData("frequency_penalty", "0.5")]
    [InlineData("seed", "42")]
    [InlineData("audio", "{\"voice\":\"alloy\",\"format\":\"wav\"}")]
    [InlineData("modalities", "[\"text\",\"audio\"]")]
    [InlineData("prediction", "{\"type\":\"content\",\"content\":\"x\"}")]
    [InlineData("web_search_options", "{}")]
    public void EncodeRequest_ForeignExtension_Returns400NamingIt(string name, string value)
    {
        var request = Chat(Message(ChatRole.User, new TextPart("q")));
        request.Extensions[name] = Element(value);

        var error = Error(() => Encode(request));

        Assert.Equal((400, "unsupported_parameter", name), (error.Status, error.Code, error.Param));
        Assert.Contains("an Anthropic upstream", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EncodeRequest_ForeignExtension_IsRejectedBeforeAnythingIsWritten()
    {
        var request = Chat(Message(ChatRole.User, new TextPart("q")));
        request.Extensions["seed"] = Element("42");
        var buffer = new ArrayBufferWriter<byte>();

        var error = Error(() => AnthropicCodec.EncodeRequest(request, "m", new AnthropicEncodeOptions(), buffer));

        Assert.Equal("seed", error.Param);
        Assert.Equal(0, buffer.WrittenCount);
    }
}
