using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LlmGateway.Http;
using LlmGateway.Protocols.Responses;

namespace LlmGateway.Tests.Unit.Protocols.Responses;

public class ResponsesErrorsTests
{
    [Theory]
    [InlineData(400, "context_length_exceeded", "context_length_exceeded")]
    [InlineData(402, "billing_error", "insufficient_quota")]
    [InlineData(429, "insufficient_quota", "insufficient_quota")]
    [InlineData(429, "rate_limit_error", "rate_limit_exceeded")]
    [InlineData(502, "rate_limit_exceeded", "rate_limit_exceeded")]
    [InlineData(529, "overloaded_error", "server_error")]
    [InlineData(502, "upstream_stream_truncated", "server_error")]
    [InlineData(400, "invalid_request_error", "server_error")]
    public void CodeFor_GatewayError_IsACodeCodexActsOn(int status, string code, string expected)
    {
        Assert.Equal(expected, ResponsesErrors.CodeFor(new GatewayError(status, code, "x")));
    }

    [Theory]
    [InlineData(12, "Slow down. Please try again in 12 s.")]
    [InlineData(null, "Slow down. Please try again in 1 s.")]
    public void MessageFor_RateLimit_SaysWhenToRetryInTheWordsCodexParses(int? retryAfter, string expected)
    {
        var message = ResponsesErrors.MessageFor(new GatewayError(429, "rate_limit_error", "Slow down.") { RetryAfterSeconds = retryAfter }, ResponsesErrors.RateLimitExceeded);

        Assert.Equal(expected, message);
        // codex-rs/codex-api/src/sse/responses.rs reads the delay with this expression.
        Assert.Matches(new Regex(@"(?i)try again in\s*(\d+(?:\.\d+)?)\s*(s|ms|seconds?)"), message);
    }

    [Fact]
    public void MessageFor_RateLimitThatAlreadySaysWhen_IsKept()
    {
        var error = new GatewayError(429, "rate_limit_exceeded", "Rate limit reached. Please try again in 1.898s.");

        Assert.Equal(error.Message, ResponsesErrors.MessageFor(error, ResponsesErrors.RateLimitExceeded));
    }

    [Fact]
    public void FailedEvent_ContextWindow_HasOpenAIsWordingAndTheNextSequenceNumber()
    {
        var error = new GatewayError(400, GatewayError.ContextLengthExceeded, "prompt is too long") { PromptTokens = 210000, ContextLimit = 200000 };

        var item = ResponsesErrors.FailedEvent(7, "resp_1", 1760000000, "m", error);
        var data = JsonNode.Parse(item.Data.Span)!;

        Assert.Equal("response.failed", item.EventType);
        Assert.Equal(("response.failed", 7, "failed"), (data["type"]!.GetValue<string>(), data["sequence_number"]!.GetValue<int>(), data["response"]!["status"]!.GetValue<string>()));
        Assert.Equal("context_length_exceeded", data["response"]!["error"]!["code"]!.GetValue<string>());
        Assert.StartsWith("This model's maximum context length is 200000 tokens.", data["response"]!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
