using LlmGateway.Translation;
using LlmGateway.Usage;
using static LlmGateway.Tests.Unit.Protocols.Gemini.GeminiJson;

namespace LlmGateway.Tests.Unit.Protocols.Gemini;

/// <summary>An upstream GenerateContentResponse → canonical, and canonical → a Gemini client's response.</summary>
public class GeminiCodecResponseTests
{
    private const string ThinkingAndParallelCalls = """
        {"candidates":[{"content":{"role":"model","parts":[
            {"text":"The user wants two cities.","thought":true},
            {"text":"Checking both."},
            {"functionCall":{"name":"get_weather","args":{"city":"Paris"}},"thoughtSignature":"c2lnLTE="},
            {"functionCall":{"name":"get_weather","args":{"city":"Rome"}}},
            {"executableCode":{"language":"PYTHON","code":"print(1)"}}]},
          "finishReason":"STOP","index":0,"safetyRatings":[]}],
         "usageMetadata":{"promptTokenCount":120,"candidatesTokenCount":30,"totalTokenCount":200,"cachedContentTokenCount":100,"thoughtsTokenCount":50,
           "promptTokensDetails":[{"modality":"TEXT","tokenCount":120}]},
         "modelVersion":"gemini-2.5-pro","responseId":"x0pYaLyDKd2jz7IP"}
        """;

    [Fact]
    public void DecodeResponse_ThoughtsTextAndParallelCalls_PartsInOrderWithSynthesisedIdsAndToolUse()
    {
        var response = DecodeResponse(ThinkingAndParallelCalls);

        Assert.Equal(("x0pYaLyDKd2jz7IP", "gemini-2.5-pro", WireFormat.Gemini), (response.Id, response.Model, response.Origin));
        Assert.Equal(
        [
            "reasoning \"The user wants two cities.\" origin=Gemini",
            "text \"Checking both.\"",
            "call call_x0pYaLyDKd2jz7IP_0 get_weather {\"city\":\"Paris\"} sig=c2lnLTE=",
            "call call_x0pYaLyDKd2jz7IP_1 get_weather {\"city\":\"Rome\"}",
        ], response.Content.Select(Describe));
        Assert.Equal(StopReason.ToolUse, response.StopReason);
        Assert.Equal(new TokenUsage(Input: 120, Output: 80, Cached: 100, Reasoning: 50), response.Usage);
        Assert.Equal(200, response.Usage.Total);
    }

    [Fact]
    public void DecodeResponse_CallIdsGivenAndToolUsePrompt_KeepsIdsAndCountsToolUseAsInput()
    {
        var response = DecodeResponse("""
            {"candidates":[{"content":{"parts":[{"functionCall":{"id":"fc_9","name":"f"}}],"role":"model"},"finishReason":"STOP"}],
             "usageMetadata":{"promptTokenCount":10,"toolUsePromptTokenCount":5,"candidatesTokenCount":3,"totalTokenCount":18}}
            """);

        Assert.Equal(["call fc_9 f {}"], response.Content.Select(Describe));
        Assert.Equal(new TokenUsage(15, 3, 0, 0), response.Usage);
        Assert.False(string.IsNullOrEmpty(response.Id));
    }

    [Theory]
    [InlineData("STOP", "EndTurn")]
    [InlineData("MAX_TOKENS", "MaxTokens")]
    [InlineData("SAFETY", "Refusal")]
    [InlineData("RECITATION", "Refusal")]
    [InlineData("BLOCKLIST", "Refusal")]
    [InlineData("PROHIBITED_CONTENT", "Refusal")]
    [InlineData("SPII", "Refusal")]
    [InlineData("IMAGE_SAFETY", "Refusal")]
    [InlineData("OTHER", "EndTurn")]
    [InlineData("LANGUAGE", "EndTurn")]
    public void DecodeResponse_FinishReason_MapsToStopReason(string finishReason, string expected)
    {
        var response = DecodeResponse($$"""
            {"candidates":[{"content":{"parts":[{"text":"x"}],"role":"model"},"finishReason":"{{finishReason}}"}],"responseId":"r"}
            """);

        Assert.Equal(Enum.Parse<StopReason>(expected), response.StopReason);
    }

    [Fact]
    public void DecodeResponse_BlockedPrompt_IsARefusalWithNoContent()
    {
        var response = DecodeResponse("""
            {"promptFeedback":{"blockReason":"SAFETY","safetyRatings":[]},"usageMetadata":{"promptTokenCount":8,"totalTokenCount":8},"modelVersion":"gemini-2.5-flash"}
            """);

        Assert.Empty(response.Content);
        Assert.Equal(StopReason.Refusal, response.StopReason);
        Assert.Equal(8, response.Usage.Input);
    }

    [Fact]
    public void DecodeResponse_MalformedFunctionCall_Is502()
    {
        var error = Error(() => DecodeResponse("""{"candidates":[{"content":{"parts":[]},"finishReason":"MALFORMED_FUNCTION_CALL"}],"responseId":"r"}"""));

        Assert.Equal((502, "upstream_malformed_function_call"), (error.Status, error.Code));
    }

    [Fact]
    public void DecodeResponse_ErrorBody_ThrowsThatError()
    {
        var error = Error(() => DecodeResponse("""{"error":{"code":429,"message":"Quota exceeded","status":"RESOURCE_EXHAUSTED"}}"""));

        Assert.Equal((429, "RESOURCE_EXHAUSTED", "Quota exceeded"), (error.Status, error.Code, error.Message));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1]")]
    [InlineData("{}")]
    public void DecodeResponse_NotAResponse_Is502(string body)
    {
        Assert.Equal((502, "upstream_invalid_response"), Error(() => DecodeResponse(body)) is var e ? (e.Status, e.Code) : default);
    }

    [Fact]
    public void EncodeResponse_PartsUsageAndIds_AsGeminiWritesThem()
    {
        var response = new CanonicalResponse { Id = "chatcmpl-1", Model = "gpt-4o", Origin = WireFormat.OpenAIChat, StopReason = StopReason.ToolUse };
        response.Content.Add(new ReasoningPart("Let me think.") { Origin = WireFormat.AnthropicMessages, Signature = "EqQB" });
        response.Content.Add(new ReasoningPart("") { RedactedData = "xyz", Origin = WireFormat.AnthropicMessages });
        response.Content.Add(new TextPart("Checking."));
        response.Content.Add(new ToolCallPart("call_abc", "get_weather", """{"city": "Paris"}"""));
        response.Content.Add(new ToolCallPart("call_def", "now", ""));
        response.Usage = new TokenUsage(Input: 100, Output: 40, Cached: 60, Reasoning: 15);

        Equal("""
            {"candidates":[{"content":{"parts":[
                {"text":"Let me think.","thought":true},
                {"text":"Checking."},
                {"functionCall":{"id":"call_abc","name":"get_weather","args":{"city":"Paris"}}},
                {"functionCall":{"id":"call_def","name":"now","args":{}}}],"role":"model"},
              "finishReason":"STOP","index":0}],
             "usageMetadata":{"promptTokenCount":100,"candidatesTokenCount":25,"totalTokenCount":140,"cachedContentTokenCount":60,"thoughtsTokenCount":15},
             "modelVersion":"gpt-4o","responseId":"chatcmpl-1"}
            """, EncodeResponse(response));
    }

    [Theory]
    [InlineData("EndTurn", "STOP")]
    [InlineData("StopSequence", "STOP")]
    [InlineData("PauseTurn", "STOP")]
    [InlineData("MaxTokens", "MAX_TOKENS")]
    [InlineData("Refusal", "SAFETY")]
    public void EncodeResponse_StopReason_MapsToFinishReason(string reason, string expected)
    {
        var response = new CanonicalResponse { Id = "r", Model = "m", Origin = WireFormat.AnthropicMessages, StopReason = Enum.Parse<StopReason>(reason) };

        Equal($$"""
            {"candidates":[{"content":{"parts":[],"role":"model"},"finishReason":"{{expected}}","index":0}],
             "usageMetadata":{"promptTokenCount":0,"candidatesTokenCount":0,"totalTokenCount":0},"modelVersion":"m","responseId":"r"}
            """, EncodeResponse(response));
    }

    [Fact]
    public void EncodeResponse_ArgumentsNotAnObject_Is502()
    {
        var response = new CanonicalResponse { Id = "r", Model = "m", Origin = WireFormat.OpenAIChat };
        response.Content.Add(new ToolCallPart("c", "f", "[]"));

        Assert.Equal((502, "upstream_invalid_tool_arguments"), Error(() => EncodeResponse(response)) is var e ? (e.Status, e.Code) : default);
    }

    [Fact]
    public void DecodeThenEncode_GeminiResponse_KeepsThoughtSignaturesIdsAndUsage()
    {
        var json = EncodeResponse(DecodeResponse(ThinkingAndParallelCalls));

        Equal("""
            {"candidates":[{"content":{"parts":[
                {"text":"The user wants two cities.","thought":true},
                {"text":"Checking both."},
                {"functionCall":{"id":"call_x0pYaLyDKd2jz7IP_0","name":"get_weather","args":{"city":"Paris"}},"thoughtSignature":"c2lnLTE="},
                {"functionCall":{"id":"call_x0pYaLyDKd2jz7IP_1","name":"get_weather","args":{"city":"Rome"}}}],"role":"model"},
              "finishReason":"STOP","index":0}],
             "usageMetadata":{"promptTokenCount":120,"candidatesTokenCount":30,"totalTokenCount":200,"cachedContentTokenCount":100,"thoughtsTokenCount":50},
             "modelVersion":"gemini-2.5-pro","responseId":"x0pYaLyDKd2jz7IP"}
            """, json);
    }
}
