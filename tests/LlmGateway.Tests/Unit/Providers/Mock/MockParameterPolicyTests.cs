using System.Text.Json;
using LlmGateway.Http;
using LlmGateway.Providers.Mock;

namespace LlmGateway.Tests.Unit.Providers.Mock;

public class MockParameterPolicyTests
{
    [Theory]
    [InlineData("\"n\":2", "n")]
    [InlineData("\"n\":1.5", "n")]
    [InlineData("\"logprobs\":true", "logprobs")]
    [InlineData("\"top_logprobs\":3", "top_logprobs")]
    [InlineData("\"tool_choice\":\"required\"", "tool_choice")]
    [InlineData("\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}", "tool_choice")]
    [InlineData("\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"x\",\"schema\":{}}}", "response_format")]
    [InlineData("\"response_format\":{\"type\":\"json_object\"}", "response_format")]
    [InlineData("\"audio\":{\"voice\":\"alloy\",\"format\":\"wav\"}", "audio")]
    [InlineData("\"modalities\":[\"text\",\"audio\"]", "modalities")]
    public void Check_UnsupportedParameter_Returns400NamingIt(string parameter, string expectedParam)
    {
        var error = Check(parameter);

        Assert.NotNull(error);
        Assert.Equal(400, error.Status);
        Assert.Equal(expectedParam, error.Param);
        Assert.Equal("unsupported_parameter", error.Code);
        Assert.Contains($"'{expectedParam}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'local-mock'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"n\":1")]
    [InlineData("\"n\":null")]
    [InlineData("\"logprobs\":false")]
    [InlineData("\"tool_choice\":\"auto\"")]
    [InlineData("\"tool_choice\":\"none\"")]
    [InlineData("\"response_format\":{\"type\":\"text\"}")]
    [InlineData("\"modalities\":[\"text\"]")]
    [InlineData("\"temperature\":0.2,\"stop\":[\"x\"],\"max_tokens\":5")]
    public void Check_SupportedParameter_ReturnsNull(string parameter)
    {
        var error = Check(parameter);

        Assert.Null(error);
    }

    private static GatewayError? Check(string parameter)
    {
        using var document = JsonDocument.Parse("""{"model":"echo","messages":[{"role":"user","content":"hi"}],""" + parameter + "}");
        return new MockParameterPolicy().Check(document.RootElement, "local-mock");
    }
}
