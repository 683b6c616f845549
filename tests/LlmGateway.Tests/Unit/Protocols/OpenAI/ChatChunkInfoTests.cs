using System.Text;
using LlmGateway.Protocols.OpenAI;
using LlmGateway.Usage;

namespace LlmGateway.Tests.Unit.Protocols.OpenAI;

public class ChatChunkInfoTests
{
    [Fact]
    public void Read_UsageChunkWithEmptyChoices_ReturnsEveryCount()
    {
        const string chunk = """
            {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[],
             "usage":{"prompt_tokens":120,"completion_tokens":45,"total_tokens":165,
                      "prompt_tokens_details":{"cached_tokens":64,"audio_tokens":0},
                      "completion_tokens_details":{"reasoning_tokens":30,"accepted_prediction_tokens":0}}}
            """;

        var info = Read(chunk);

        Assert.Equal(new TokenUsage(Input: 120, Output: 45, Cached: 64, Reasoning: 30), info.Usage);
        Assert.True(info.ChoicesEmpty);
        Assert.False(info.Finished);
        Assert.False(info.IsError);
    }

    [Fact]
    public void Read_UsageBeforeChoicesWithNullDetails_ReadsTopLevelCounts()
    {
        const string chunk = """
            {"usage":{"prompt_tokens_details":null,"prompt_tokens":7,"completion_tokens_details":null,"completion_tokens":3},"choices":[]}
            """;

        var info = Read(chunk);

        Assert.Equal(new TokenUsage(7, 3, 0, 0), info.Usage);
        Assert.True(info.ChoicesEmpty);
    }

    [Fact]
    public void Read_ContentChunkWithNullUsage_HasNoUsage()
    {
        const string chunk = """
            {"id":"c","choices":[{"index":0,"delta":{"content":"Hel","usage":{"prompt_tokens":9}},"logprobs":null,"finish_reason":null}],"usage":null}
            """;

        var info = Read(chunk);

        Assert.Null(info.Usage);
        Assert.False(info.ChoicesEmpty);
        Assert.False(info.Finished);
        Assert.False(info.IsError);
    }

    [Fact]
    public void Read_ChoiceWithFinishReason_IsFinished()
    {
        const string chunk = """
            {"id":"c","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}
            """;

        var info = Read(chunk);

        Assert.True(info.Finished);
        Assert.False(info.ChoicesEmpty);
        Assert.Null(info.Usage);
    }

    [Fact]
    public void Read_SecondChoiceFinished_IsFinished()
    {
        const string chunk = """
            {"choices":[{"index":0,"delta":{"content":"a"},"finish_reason":null},{"index":1,"delta":{},"finish_reason":"length"}]}
            """;

        var info = Read(chunk);

        Assert.True(info.Finished);
    }

    [Fact]
    public void Read_CompletionBodyWithUsageAfterChoices_ReadsBoth()
    {
        const string body = """
            {"id":"c","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"Hi"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":5,"completion_tokens":1,"total_tokens":6}}
            """;

        var info = Read(body);

        Assert.True(info.Finished);
        Assert.Equal(new TokenUsage(5, 1, 0, 0), info.Usage);
    }

    [Fact]
    public void Read_TopLevelError_IsError()
    {
        const string chunk = """
            {"error":{"message":"Rate limit reached","type":"rate_limit_error","code":"rate_limit_exceeded"}}
            """;

        var info = Read(chunk);

        Assert.True(info.IsError);
        Assert.Null(info.Usage);
    }

    [Fact]
    public void Read_ErrorKeyInsideChoice_IsNotError()
    {
        const string chunk = """
            {"choices":[{"index":0,"delta":{"error":"not top-level"},"finish_reason":null}]}
            """;

        var info = Read(chunk);

        Assert.False(info.IsError);
    }

    [Theory]
    [InlineData("[DONE]")]
    [InlineData("not json at all")]
    [InlineData("")]
    [InlineData("{\"usage\":{\"prompt_tokens\":5")]
    [InlineData("42")]
    public void Read_NotAJsonObject_ReturnsDefaultWithoutThrowing(string data)
    {
        var info = Read(data);

        Assert.Equal(default, info);
    }

    private static ChatChunkInfo Read(string json) => ChatChunkInfo.Read(Encoding.UTF8.GetBytes(json));
}
