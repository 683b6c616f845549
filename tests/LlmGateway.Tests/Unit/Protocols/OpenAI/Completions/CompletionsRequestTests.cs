using System.Text;
using System.Text.Json;
using LlmGateway.Http;
using LlmGateway.Protocols.OpenAI.Completions;

namespace LlmGateway.Tests.Unit.Protocols.OpenAI.Completions;

public sealed class CompletionsRequestTests
{
    [Fact]
    public void ToChat_PromptAndOtherFields_UserMessageThenFieldsAsTheyCameWithDefaultLimit()
    {
        var chat = ToChat("""{"model":"m","prompt":"Once upon","temperature":0.5,"stream":true,"stream_options":{"include_usage":true},"x_vendor":{"a":[1]},"echo":false,"suffix":""}""");

        Assert.Equal(
            """{"model":"m","messages":[{"role":"user","content":"Once upon"}],"temperature":0.5,"stream":true,"stream_options":{"include_usage":true},"x_vendor":{"a":[1]},"max_tokens":16}""",
            chat);
    }

    [Theory]
    [InlineData("\"max_tokens\":5", "\"max_tokens\":5}")]
    [InlineData("\"max_completion_tokens\":5", "\"max_completion_tokens\":5}")]
    [InlineData("\"max_tokens\":null", "\"p\"}],\"max_tokens\":16}")]
    public void ToChat_GivenLimit_ThatLimitElseTheDefault(string field, string ending)
    {
        Assert.EndsWith(ending, ToChat("{\"model\":\"m\",\"prompt\":\"p\"," + field + "}"), StringComparison.Ordinal);
    }

    [Fact]
    public void ToChat_TwoPrompts_Throws400SayingOnePromptPerRequest()
    {
        var ex = Assert.Throws<GatewayErrorException>(() => ToChat("""{"model":"m","prompt":["a","b"]}"""));

        Assert.Equal(("prompt", "unsupported_parameter"), (ex.Error.Param, ex.Error.Code));
        Assert.Contains("one prompt per request", ex.Error.Message, StringComparison.Ordinal);
    }

    private static string ToChat(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Encoding.UTF8.GetString(CompletionsRequest.ToChat(document.RootElement));
    }
}
