using System.Text;
using LlmGateway.Http;
using LlmGateway.Protocols.Anthropic;
using Microsoft.AspNetCore.Http;
using static LlmGateway.Tests.Unit.Protocols.Anthropic.AnthropicJson;

namespace LlmGateway.Tests.Unit.Protocols.Anthropic;

public class AnthropicErrorsTests
{
    [Theory]
    [InlineData(400, "invalid_request_error")]
    [InlineData(401, "authentication_error")]
    [InlineData(402, "billing_error")]
    [InlineData(403, "permission_error")]
    [InlineData(404, "not_found_error")]
    [InlineData(413, "request_too_large")]
    [InlineData(429, "rate_limit_error")]
    [InlineData(500, "api_error")]
    [InlineData(504, "timeout_error")]
    [InlineData(529, "overloaded_error")]
    [InlineData(409, "invalid_request_error")]
    [InlineData(422, "invalid_request_error")]
    [InlineData(502, "api_error")]
    [InlineData(503, "api_error")]
    public void TypeFor_Status_GivesAnthropicsType(int status, string type)
    {
        Assert.Equal(type, AnthropicErrors.TypeFor(status));
    }

    [Fact]
    public void Serialize_PlainError_WritesTypeAndMessage()
    {
        var json = Encoding.UTF8.GetString(AnthropicErrors.Serialize(GatewayError.BadRequest("'model' is required, \"really\" é.", "model")));

        Equal("""{"type":"error","error":{"type":"invalid_request_error","message":"'model' is required, \"really\" é."}}""", json);
    }

    [Theory]
    [InlineData(250000L, 200000L, "The input is too long.", "prompt is too long: 250000 tokens > 200000 maximum")]
    [InlineData(null, 200000L, "The input is too long.", "prompt is too long: The input is too long.")]
    [InlineData(null, null, "prompt is too long: 5 tokens > 4 maximum", "prompt is too long: 5 tokens > 4 maximum")]
    public void Serialize_ContextLengthExceeded_UsesAnthropicsWording(long? prompt, long? limit, string message, string expected)
    {
        var error = new GatewayError(400, GatewayError.ContextLengthExceeded, message) { PromptTokens = prompt, ContextLimit = limit };

        var json = Encoding.UTF8.GetString(AnthropicErrors.Serialize(error));

        Equal($$$"""{"type":"error","error":{"type":"invalid_request_error","message":"{{{expected}}}"}}""", json);
    }

    [Fact]
    public async Task WriteAsync_RateLimited_SetsStatusRetryAfterAndBody()
    {
        var context = new DefaultHttpContext();
        using var body = new MemoryStream();
        context.Response.Body = body;
        var error = new GatewayError(429, "all_credentials_cooling_down", "Slow down.") { RetryAfterSeconds = 17 };

        await AnthropicErrors.WriteAsync(context, error);

        Assert.Equal(429, context.Response.StatusCode);
        Assert.Equal("application/json", context.Response.ContentType);
        Assert.Equal("17", context.Response.Headers.RetryAfter.ToString());
        Equal("""{"type":"error","error":{"type":"rate_limit_error","message":"Slow down."}}""", Encoding.UTF8.GetString(body.ToArray()));
    }

    [Theory]
    [InlineData("prompt is too long: 210345 tokens > 200000 maximum", 210345L, 200000L)]
    [InlineData("prompt is too long", null, null)]
    public void FromAnthropic_PromptTooLong_ReadsTheCounts(string message, long? prompt, long? limit)
    {
        var error = AnthropicErrors.FromAnthropic(400, "invalid_request_error", message);

        Assert.Equal((GatewayError.ContextLengthExceeded, prompt, limit, message), (error.Code, error.PromptTokens, error.ContextLimit, error.Message));
    }

    [Fact]
    public void FromAnthropic_InputAndMaxTokensExceedLimit_IsAContextError()
    {
        var error = AnthropicErrors.FromAnthropic(400, "invalid_request_error", "input length and `max_tokens` exceed context limit: 190000 + 20000 > 200000, decrease input length or `max_tokens` and try again");

        Assert.Equal(GatewayError.ContextLengthExceeded, error.Code);
    }

    [Fact]
    public void FromAnthropic_OtherError_KeepsTypeAsCode()
    {
        Assert.Equal(new GatewayError(429, "rate_limit_error", "Too many"), AnthropicErrors.FromAnthropic(429, "rate_limit_error", "Too many"));
    }
}
