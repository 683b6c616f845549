using System.Buffers;
using System.Text;
using System.Text.Json;
using LlmGateway.Http;
using LlmGateway.Protocols.OpenAI;
using LlmGateway.Translation;
using LlmGateway.Usage;

namespace LlmGateway.Tests.Unit.Protocols.OpenAI;

public class OpenAIChatCodecResponseTests
{
    [Fact]
    public void DecodeResponse_TextWithUsage_MapsEveryField()
    {
        var response = Decode("""
            {"id":"chatcmpl-abc","object":"chat.completion","created":1735689600,"model":"gpt-4o-2024-08-06",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Hello!","refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"}],
             "usage":{"prompt_tokens":120,"completion_tokens":45,"total_tokens":165,
                      "prompt_tokens_details":{"cached_tokens":64,"audio_tokens":0},
                      "completion_tokens_details":{"reasoning_tokens":30,"accepted_prediction_tokens":0}},
             "system_fingerprint":"fp_1"}
            """);

        Assert.Equal(("chatcmpl-abc", "gpt-4o-2024-08-06", 1735689600L, WireFormat.OpenAIChat), (response.Id, response.Model, response.Created, response.Origin));
        Assert.Equal("Hello!", Assert.IsType<TextPart>(Assert.Single(response.Content)).Text);
        Assert.Equal(StopReason.EndTurn, response.StopReason);
        Assert.Null(response.StopSequence);
        Assert.Equal(new TokenUsage(Input: 120, Output: 45, Cached: 64, Reasoning: 30), response.Usage);
    }

    [Fact]
    public void DecodeResponse_ReasoningTextAndParallelToolCalls_OrdersReasoningTextThenCalls()
    {
        var response = Decode("""
            {"id":"r","model":"deepseek-reasoner","created":1,"choices":[{"index":0,"finish_reason":"tool_calls","message":{
              "tool_calls":[
                {"id":"call_a","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}},
                {"id":"call_b","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Rome\"}"}}],
              "content":"Let me check.","reasoning_content":"Two cities.","role":"assistant"}}]}
            """);

        Assert.Equal(4, response.Content.Count);
        Assert.Equal("Two cities.", Assert.IsType<ReasoningPart>(response.Content[0]).Text);
        Assert.Equal("Let me check.", Assert.IsType<TextPart>(response.Content[1]).Text);
        var first = Assert.IsType<ToolCallPart>(response.Content[2]);
        Assert.Equal(("call_a", "get_weather", """{"city":"Paris"}"""), (first.Id, first.Name, first.Arguments));
        Assert.Equal("call_b", Assert.IsType<ToolCallPart>(response.Content[3]).Id);
        Assert.Equal(StopReason.ToolUse, response.StopReason);
        Assert.Equal(default, response.Usage);
    }

    [Fact]
    public void DecodeResponse_ReasoningField_BecomesReasoningPart()
    {
        var response = Decode("""{"id":"r","model":"m","choices":[{"message":{"role":"assistant","content":"4","reasoning":"2+2"},"finish_reason":"stop"}]}""");

        Assert.Equal("2+2", Assert.IsType<ReasoningPart>(response.Content[0]).Text);
        Assert.Equal("4", Assert.IsType<TextPart>(response.Content[1]).Text);
    }

    [Theory]
    [InlineData("stop", "EndTurn")]
    [InlineData("length", "MaxTokens")]
    [InlineData("tool_calls", "ToolUse")]
    [InlineData("function_call", "ToolUse")]
    [InlineData("content_filter", "Refusal")]
    [InlineData("something_new", "EndTurn")]
    public void DecodeResponse_FinishReason_MapsStopReason(string finishReason, string expected)
    {
        var response = Decode($$"""{"id":"r","model":"m","choices":[{"message":{"content":"x"},"finish_reason":"{{finishReason}}"}]}""");

        Assert.Equal(Enum.Parse<StopReason>(expected), response.StopReason);
    }

    [Fact]
    public void DecodeResponse_StopWithToolCalls_IsToolUse()
    {
        var response = Decode("""{"id":"r","model":"m","choices":[{"message":{"content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{}"}}]},"finish_reason":"stop"}]}""");

        Assert.Equal(StopReason.ToolUse, response.StopReason);
        Assert.IsType<ToolCallPart>(Assert.Single(response.Content));
    }

    [Fact]
    public void DecodeResponse_LegacyFunctionCall_BecomesToolCallWithNewId()
    {
        var response = Decode("""{"id":"r","model":"m","choices":[{"message":{"content":null,"function_call":{"name":"lookup","arguments":"{\"q\":1}"}},"finish_reason":"function_call"}]}""");

        var call = Assert.IsType<ToolCallPart>(Assert.Single(response.Content));
        Assert.Equal(("lookup", """{"q":1}"""), (call.Name, call.Arguments));
        Assert.StartsWith("call_", call.Id, StringComparison.Ordinal);
        Assert.Equal(StopReason.ToolUse, response.StopReason);
    }

    [Fact]
    public void DecodeResponse_RefusalOnly_BecomesText()
    {
        var response = Decode("""{"id":"r","model":"m","choices":[{"message":{"content":null,"refusal":"I can't help with that."},"finish_reason":"stop"}]}""");

        Assert.Equal("I can't help with that.", Assert.IsType<TextPart>(Assert.Single(response.Content)).Text);
    }

    [Fact]
    public void DecodeResponse_EmptyContent_HasNoParts()
    {
        var response = Decode("""{"id":"r","model":"m","choices":[{"message":{"role":"assistant","content":""},"finish_reason":"length"}]}""");

        Assert.Empty(response.Content);
        Assert.Equal(StopReason.MaxTokens, response.StopReason);
    }

    [Theory]
    [InlineData("""{"error":{"message":"Rate limited","type":"requests","code":429}}""", 429, "requests", "Rate limited")]
    [InlineData("""{"error":{"message":"Bad things","type":"server_error","code":"boom"}}""", 502, "boom", "Bad things")]
    [InlineData("""{"error":{"message":"Bad things","code":null}}""", 502, "upstream_error", "Bad things")]
    [InlineData("""{"error":"Overloaded"}""", 502, "upstream_error", "Overloaded")]
    public void DecodeResponse_ErrorBody_ThrowsWithUpstreamMessage(string body, int status, string code, string message)
    {
        var error = Assert.Throws<GatewayErrorException>(() => Decode(body)).Error;

        Assert.Equal((status, code, message), (error.Status, error.Code, error.Message));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"id":"x","choices":[{"message":{"content":"unterminated""")]
    [InlineData("""{"id":"x","object":"chat.completion"}""")]
    public void DecodeResponse_NotAChatCompletionBody_Throws502(string body)
    {
        var error = Assert.Throws<GatewayErrorException>(() => Decode(body)).Error;

        Assert.Equal((502, "upstream_invalid_response"), (error.Status, error.Code));
    }

    [Fact]
    public void EncodeResponse_TextWithUsage_WritesExactBody()
    {
        var response = new CanonicalResponse { Id = "msg_01", Model = "claude-sonnet-4-5", Origin = WireFormat.AnthropicMessages, Created = 1735689600 };
        response.Content.Add(new TextPart("Hello"));
        response.Content.Add(new TextPart(", world"));
        response.StopReason = StopReason.EndTurn;
        response.Usage = new TokenUsage(Input: 100, Output: 20, Cached: 80, Reasoning: 0, CacheWrite: 10);

        var body = Encode(response);

        OpenAIChatCodecEncodeRequestTests.AssertJson("""
            {"id":"msg_01","object":"chat.completion","created":1735689600,"model":"claude-sonnet-4-5",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Hello, world"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":100,"completion_tokens":20,"total_tokens":120,
                      "prompt_tokens_details":{"cached_tokens":80},"completion_tokens_details":{"reasoning_tokens":0}}}
            """, body);
    }

    [Fact]
    public void EncodeResponse_OnlyToolCalls_ContentIsNull()
    {
        var response = new CanonicalResponse { Id = "msg_02", Model = "m", Origin = WireFormat.AnthropicMessages, Created = 5 };
        response.Content.Add(new ToolCallPart("toolu_1", "get_weather", """{"city":"Paris"}"""));
        response.Content.Add(new ToolCallPart("toolu_2", "get_time", "{}"));
        response.StopReason = StopReason.ToolUse;

        var body = Encode(response);

        OpenAIChatCodecEncodeRequestTests.AssertJson("""
            {"id":"msg_02","object":"chat.completion","created":5,"model":"m",
             "choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[
               {"id":"toolu_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}},
               {"id":"toolu_2","type":"function","function":{"name":"get_time","arguments":"{}"}}]},"finish_reason":"tool_calls"}],
             "usage":{"prompt_tokens":0,"completion_tokens":0,"total_tokens":0,
                      "prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":0}}}
            """, body);
    }

    [Fact]
    public void EncodeResponse_SignedThinking_WritesReasoningContentAndThinkingBlocks()
    {
        var response = new CanonicalResponse { Id = "msg_03", Model = "m", Origin = WireFormat.AnthropicMessages, Created = 7 };
        response.Content.Add(new ReasoningPart("Let me think. ") { Signature = "sig-1", Origin = WireFormat.AnthropicMessages });
        response.Content.Add(new ReasoningPart(string.Empty) { RedactedData = "enc-2", Origin = WireFormat.AnthropicMessages });
        response.Content.Add(new ReasoningPart("Done.") { Signature = "sig-3", Origin = WireFormat.AnthropicMessages });
        response.Content.Add(new TextPart("42"));
        response.StopReason = StopReason.MaxTokens;

        var body = Encode(response);

        OpenAIChatCodecEncodeRequestTests.AssertJson("""
            {"id":"msg_03","object":"chat.completion","created":7,"model":"m",
             "choices":[{"index":0,"message":{"role":"assistant","content":"42","reasoning_content":"Let me think. Done.",
               "thinking_blocks":[{"type":"thinking","thinking":"Let me think. ","signature":"sig-1"},
                                  {"type":"redacted_thinking","data":"enc-2"},
                                  {"type":"thinking","thinking":"Done.","signature":"sig-3"}]},
               "finish_reason":"length"}],
             "usage":{"prompt_tokens":0,"completion_tokens":0,"total_tokens":0,
                      "prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":0}}}
            """, body);
    }

    [Fact]
    public void EncodeResponse_UnsignedReasoning_WritesReasoningContentOnly()
    {
        var response = new CanonicalResponse { Id = "r", Model = "m", Origin = WireFormat.OpenAIChat, Created = 1 };
        response.Content.Add(new ReasoningPart("Hmm."));

        var body = Encode(response);

        OpenAIChatCodecEncodeRequestTests.AssertJson("""
            {"id":"r","object":"chat.completion","created":1,"model":"m",
             "choices":[{"index":0,"message":{"role":"assistant","content":"","reasoning_content":"Hmm."},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":0,"completion_tokens":0,"total_tokens":0,
                      "prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":0}}}
            """, body);
    }

    [Theory]
    [InlineData("EndTurn", "stop")]
    [InlineData("StopSequence", "stop")]
    [InlineData("PauseTurn", "stop")]
    [InlineData("MaxTokens", "length")]
    [InlineData("ToolUse", "tool_calls")]
    [InlineData("Refusal", "content_filter")]
    public void EncodeResponse_StopReason_MapsFinishReason(string reason, string finishReason)
    {
        var response = new CanonicalResponse { Id = "r", Model = "m", Origin = WireFormat.AnthropicMessages };
        response.Content.Add(new TextPart("x"));
        response.StopReason = Enum.Parse<StopReason>(reason);

        using var body = JsonDocument.Parse(Encode(response));

        Assert.Equal(finishReason, body.RootElement.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
    }

    [Fact]
    public void EncodeResponseThenDecodeRequest_ThinkingBlocks_RoundTripWithSignatures()
    {
        var response = new CanonicalResponse { Id = "msg_1", Model = "claude", Origin = WireFormat.AnthropicMessages, Created = 1 };
        response.Content.Add(new ReasoningPart("Plan.") { Signature = "EqQBCkYIBxgCKkA", Origin = WireFormat.AnthropicMessages });
        response.Content.Add(new ReasoningPart(string.Empty) { RedactedData = "EmwKAhgBEgy3va", Origin = WireFormat.AnthropicMessages });
        response.Content.Add(new TextPart("Calling."));
        response.Content.Add(new ToolCallPart("toolu_1", "f", """{"a":1}"""));
        response.StopReason = StopReason.ToolUse;
        using var body = JsonDocument.Parse(Encode(response));
        var assistant = body.RootElement.GetProperty("choices")[0].GetProperty("message").GetRawText();

        var request = OpenAIChatCodec.DecodeRequest(Encoding.UTF8.GetBytes(
            """{"model":"m","messages":[{"role":"user","content":"go"},""" + assistant
            + """,{"role":"tool","tool_call_id":"toolu_1","content":"ok"}]}"""));

        var parts = request.Messages[1].Parts;
        Assert.Equal(4, parts.Count);
        var thinking = Assert.IsType<ReasoningPart>(parts[0]);
        Assert.Equal(("Plan.", "EqQBCkYIBxgCKkA", WireFormat.AnthropicMessages), (thinking.Text, thinking.Signature, thinking.Origin));
        var redacted = Assert.IsType<ReasoningPart>(parts[1]);
        Assert.Equal(("EmwKAhgBEgy3va", WireFormat.AnthropicMessages), (redacted.RedactedData, redacted.Origin));
        Assert.Equal("Calling.", Assert.IsType<TextPart>(parts[2]).Text);
        var call = Assert.IsType<ToolCallPart>(parts[3]);
        Assert.Equal(("toolu_1", "f", """{"a":1}"""), (call.Id, call.Name, call.Arguments));
        Assert.Equal("toolu_1", Assert.IsType<ToolResultPart>(Assert.Single(request.Messages[2].Parts)).ToolCallId);
    }

    private static CanonicalResponse Decode(string json) => OpenAIChatCodec.DecodeResponse(Encoding.UTF8.GetBytes(json));

    private static string Encode(CanonicalResponse response)
    {
        var buffer = new ArrayBufferWriter<byte>();
        OpenAIChatCodec.EncodeResponse(response, buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
