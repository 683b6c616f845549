using System.Text;
using LlmGateway.Http;
using LlmGateway.Protocols.Anthropic;
using LlmGateway.Translation;
using LlmGateway.Usage;
using static LlmGateway.Tests.Unit.Protocols.Anthropic.AnthropicJson;

namespace LlmGateway.Tests.Unit.Protocols.Anthropic;

public class AnthropicCodecResponseTests
{
    private const string ThinkingToolUseMessage = """
        {"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
         "content":[{"type":"thinking","thinking":"Need the weather.","signature":"EqQBCkgIAhAB"},
                    {"type":"redacted_thinking","data":"EmwKAhgBEgy"},
                    {"type":"text","text":"Let me check.","citations":null},
                    {"type":"tool_use","id":"toolu_01A","name":"get_weather","input":{"city": "Paris", "units":"c"},"caller":{"type":"direct"}}],
         "stop_reason":"tool_use","stop_sequence":null,"stop_details":null,"container":null,
         "usage":{"input_tokens":12,"cache_creation_input_tokens":100,"cache_read_input_tokens":2000,"output_tokens":85,
                  "service_tier":"standard","output_tokens_details":{"thinking_tokens":40}}}
        """;

    [Fact]
    public void DecodeResponse_ThinkingTextAndToolUse_KeepsBlocksInOrderWithRawInput()
    {
        var response = AnthropicCodec.DecodeResponse(Encoding.UTF8.GetBytes(ThinkingToolUseMessage));

        Assert.Equal(("msg_01XFDUDYJgAACzvnptvVoYEL", "claude-sonnet-4-5-20250929", WireFormat.AnthropicMessages),
            (response.Id, response.Model, response.Origin));
        Assert.Collection(response.Content,
            p =>
            {
                var thinking = Assert.IsType<ReasoningPart>(p);
                Assert.Equal(("Need the weather.", "EqQBCkgIAhAB", WireFormat.AnthropicMessages), (thinking.Text, thinking.Signature, thinking.Origin));
            },
            p => Assert.Equal("EmwKAhgBEgy", Assert.IsType<ReasoningPart>(p).RedactedData),
            p => Assert.Equal("Let me check.", Assert.IsType<TextPart>(p).Text),
            p =>
            {
                var call = Assert.IsType<ToolCallPart>(p);
                Assert.Equal(("toolu_01A", "get_weather", """{"city": "Paris", "units":"c"}"""), (call.Id, call.Name, call.Arguments));
            });
        Assert.Equal(StopReason.ToolUse, response.StopReason);
        Assert.Null(response.StopSequence);
    }

    [Fact]
    public void DecodeResponse_Usage_AddsBothCacheCountsToInput()
    {
        var response = AnthropicCodec.DecodeResponse(Encoding.UTF8.GetBytes(ThinkingToolUseMessage));

        Assert.Equal(new TokenUsage(Input: 2112, Output: 85, Cached: 2000, Reasoning: 0, CacheWrite: 100), response.Usage);
    }

    [Fact]
    public void DecodeResponse_ServerToolBlocks_AreLeftOut()
    {
        var response = AnthropicCodec.DecodeResponse("""
            {"id":"msg_1","type":"message","role":"assistant","model":"m","content":[
              {"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{"query":"x"}},
              {"type":"web_search_tool_result","tool_use_id":"srvtoolu_1","content":[]},
              {"type":"text","text":"Found it."}],"stop_reason":"end_turn","usage":{"input_tokens":1,"output_tokens":2}}
            """u8);

        Assert.Equal("Found it.", Assert.IsType<TextPart>(Assert.Single(response.Content)).Text);
        Assert.Equal(new TokenUsage(1, 2, 0, 0), response.Usage);
    }

    [Theory]
    [InlineData("end_turn", "EndTurn", null)]
    [InlineData("max_tokens", "MaxTokens", null)]
    [InlineData("tool_use", "ToolUse", null)]
    [InlineData("stop_sequence", "StopSequence", "###")]
    [InlineData("refusal", "Refusal", null)]
    [InlineData("pause_turn", "PauseTurn", null)]
    [InlineData("model_context_window_exceeded", "MaxTokens", null)]
    public void DecodeResponse_StopReason_MapsToCanonical(string stopReason, string expected, string? sequence)
    {
        var sequenceJson = sequence is null ? "null" : $"\"{sequence}\"";
        var response = AnthropicCodec.DecodeResponse(Encoding.UTF8.GetBytes($$$"""
            {"id":"msg_1","model":"m","content":[],"stop_reason":"{{{stopReason}}}","stop_sequence":{{{sequenceJson}}},"usage":{"input_tokens":1,"output_tokens":0}}
            """));

        Assert.Equal(Enum.Parse<StopReason>(expected), response.StopReason);
        Assert.Equal(sequence, response.StopSequence);
        Assert.Empty(response.Content);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"type":"message","content":[]}""")]
    public void DecodeResponse_NotAMessage_Returns502(string body)
    {
        var error = Error(() => AnthropicCodec.DecodeResponse(Encoding.UTF8.GetBytes(body)));

        Assert.Equal((502, "upstream_invalid_response"), (error.Status, error.Code));
    }

    [Fact]
    public void DecodeResponse_ErrorBody_BecomesTheGatewayErrorOfItsType()
    {
        var error = Error(() => AnthropicCodec.DecodeResponse("""{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"""u8));

        Assert.Equal((529, "overloaded_error", "Overloaded"), (error.Status, error.Code, error.Message));
    }

    [Fact]
    public void DecodeResponse_PromptTooLongError_BecomesContextLengthExceededWithCounts()
    {
        var error = Error(() => AnthropicCodec.DecodeResponse(
            """{"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 210345 tokens > 200000 maximum"}}"""u8));

        Assert.Equal((400, GatewayError.ContextLengthExceeded, 210345L, 200000L),
            (error.Status, error.Code, error.PromptTokens!.Value, error.ContextLimit!.Value));
    }

    [Fact]
    public void EncodeResponse_AllBlockKinds_WritesAnthropicMessageWithConvertedUsage()
    {
        var response = new CanonicalResponse
        {
            Id = "msg_abc",
            Model = "claude-sonnet-4-5",
            Origin = WireFormat.AnthropicMessages,
            StopReason = StopReason.ToolUse,
            Usage = new TokenUsage(Input: 2112, Output: 85, Cached: 2000, Reasoning: 0, CacheWrite: 100),
        };
        response.Content.AddRange([
            new ReasoningPart("Need the weather.") { Signature = "EqQBCkgIAhAB", Origin = WireFormat.AnthropicMessages },
            new ReasoningPart("") { RedactedData = "EmwKAhgBEgy", Origin = WireFormat.AnthropicMessages },
            new TextPart("Let me check."),
            new ToolCallPart("toolu_01A", "get_weather", """{"city": "Paris"}"""),
            new ToolCallPart("toolu_01B", "now", ""),
        ]);

        var json = EncodeResponse(response);

        Equal("""
            {"id":"msg_abc","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[
              {"type":"thinking","thinking":"Need the weather.","signature":"EqQBCkgIAhAB"},
              {"type":"redacted_thinking","data":"EmwKAhgBEgy"},
              {"type":"text","text":"Let me check."},
              {"type":"tool_use","id":"toolu_01A","name":"get_weather","input":{"city":"Paris"}},
              {"type":"tool_use","id":"toolu_01B","name":"now","input":{}}],
             "stop_reason":"tool_use","stop_sequence":null,
             "usage":{"input_tokens":12,"output_tokens":85,"cache_creation_input_tokens":100,"cache_read_input_tokens":2000}}
            """, json);
    }

    [Fact]
    public void EncodeResponse_OpenAIUpstream_PrefixesIdAndShowsReasoningAsUnsignedThinking()
    {
        var response = new CanonicalResponse
        {
            Id = "chatcmpl-9x",
            Model = "deepseek-reasoner",
            Origin = WireFormat.OpenAIChat,
            StopReason = StopReason.StopSequence,
            StopSequence = "END",
            Usage = new TokenUsage(Input: 50, Output: 20, Cached: 30, Reasoning: 12),
        };
        response.Content.AddRange([new ReasoningPart("First, ...") { Origin = WireFormat.OpenAIChat }, new TextPart("42")]);

        var json = EncodeResponse(response);

        Equal("""
            {"id":"msg_chatcmpl-9x","type":"message","role":"assistant","model":"deepseek-reasoner","content":[
              {"type":"thinking","thinking":"First, ...","signature":""},{"type":"text","text":"42"}],
             "stop_reason":"stop_sequence","stop_sequence":"END",
             "usage":{"input_tokens":20,"output_tokens":20,"cache_creation_input_tokens":0,"cache_read_input_tokens":30}}
            """, json);
    }

    [Fact]
    public void EncodeResponse_UnsignedThinkingSentBack_IsNotForwardedToAnthropic()
    {
        // What a client returns next turn after EncodeResponse showed it an OpenAI upstream's reasoning.
        var request = Decode("""
            {"model":"m","max_tokens":5,"messages":[{"role":"user","content":"q"},
             {"role":"assistant","content":[{"type":"thinking","thinking":"First, ...","signature":""},{"type":"text","text":"42"}]},
             {"role":"user","content":"why?"}]}
            """);

        var json = Encode(request);

        Assert.DoesNotContain("thinking", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("EndTurn", "end_turn")]
    [InlineData("MaxTokens", "max_tokens")]
    [InlineData("ToolUse", "tool_use")]
    [InlineData("Refusal", "refusal")]
    [InlineData("PauseTurn", "pause_turn")]
    public void EncodeResponse_EmptyContent_WritesEmptyArrayAndStopReason(string reason, string expected)
    {
        var response = new CanonicalResponse { Id = "msg_1", Model = "m", Origin = WireFormat.OpenAIChat, StopReason = Enum.Parse<StopReason>(reason) };

        var json = EncodeResponse(response);

        Equal($$$"""
            {"id":"msg_1","type":"message","role":"assistant","model":"m","content":[],"stop_reason":"{{{expected}}}","stop_sequence":null,
             "usage":{"input_tokens":0,"output_tokens":0,"cache_creation_input_tokens":0,"cache_read_input_tokens":0}}
            """, json);
    }

    [Fact]
    public void EncodeResponse_ToolArgumentsNotAnObject_Returns502()
    {
        var response = new CanonicalResponse { Id = "x", Model = "m", Origin = WireFormat.OpenAIChat, StopReason = StopReason.ToolUse };
        response.Content.Add(new ToolCallPart("call_1", "f", "{\"a\":"));

        var error = Error(() => EncodeResponse(response));

        Assert.Equal((502, "upstream_invalid_tool_arguments"), (error.Status, error.Code));
    }

    [Fact]
    public void EncodeResponse_DecodedAnthropicMessage_RoundTripsItsContent()
    {
        var response = AnthropicCodec.DecodeResponse(Encoding.UTF8.GetBytes(ThinkingToolUseMessage));

        var json = EncodeResponse(response);

        Equal("""
            {"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
             "content":[{"type":"thinking","thinking":"Need the weather.","signature":"EqQBCkgIAhAB"},
                        {"type":"redacted_thinking","data":"EmwKAhgBEgy"},
                        {"type":"text","text":"Let me check."},
                        {"type":"tool_use","id":"toolu_01A","name":"get_weather","input":{"city":"Paris","units":"c"}}],
             "stop_reason":"tool_use","stop_sequence":null,
             "usage":{"input_tokens":12,"output_tokens":85,"cache_creation_input_tokens":100,"cache_read_input_tokens":2000}}
            """, json);
    }
}
