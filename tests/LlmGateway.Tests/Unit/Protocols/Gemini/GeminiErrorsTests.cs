using System.Text;
using LlmGateway.Http;
using LlmGateway.Protocols.Gemini;
using Microsoft.AspNetCore.Http;
using static LlmGateway.Tests.Unit.Protocols.Gemini.GeminiJson;

namespace LlmGateway.Tests.Unit.Protocols.Gemini;

public class GeminiErrorsTests
{
    [Theory]
    [InlineData(400, "INVALID_ARGUMENT")]
    [InlineData(401, "UNAUTHENTICATED")]
    [InlineData(403, "PERMISSION_DENIED")]
    [InlineData(404, "NOT_FOUND")]
    [InlineData(409, "ABORTED")]
    [InlineData(413, "INVALID_ARGUMENT")]
    [InlineData(429, "RESOURCE_EXHAUSTED")]
    [InlineData(499, "CANCELLED")]
    [InlineData(500, "INTERNAL")]
    [InlineData(501, "UNIMPLEMENTED")]
    [InlineData(502, "UNAVAILABLE")]
    [InlineData(503, "UNAVAILABLE")]
    [InlineData(504, "DEADLINE_EXCEEDED")]
    [InlineData(402, "FAILED_PRECONDITION")]
    public void StatusFor_HttpStatus_IsGooglesCodeName(int status, string expected)
    {
        Assert.Equal(expected, GeminiErrors.StatusFor(status));
    }

    [Fact]
    public void Serialize_WithRetryAfter_AddsRetryInfoDetail()
    {
        var error = new GatewayError(429, "all_credentials_cooling_down", "Every credential is cooling down.") { RetryAfterSeconds = 30 };

        Equal("""
            {"error":{"code":429,"message":"Every credential is cooling down.","status":"RESOURCE_EXHAUSTED",
              "details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"30s"}]}}
            """, Encoding.UTF8.GetString(GeminiErrors.Serialize(error)));
    }

    [Fact]
    public void Serialize_ContextLengthFromAnotherProvider_UsesGeminisWording()
    {
        var withCounts = new GatewayError(400, GatewayError.ContextLengthExceeded, "prompt is too long: 210000 tokens > 200000 maximum")
        {
            PromptTokens = 210000,
            ContextLimit = 200000,
        };
        var withoutCounts = new GatewayError(400, GatewayError.ContextLengthExceeded, "too long");

        Equal("""
            {"error":{"code":400,"message":"The input token count (210000) exceeds the maximum number of tokens allowed (200000).","status":"INVALID_ARGUMENT"}}
            """, Encoding.UTF8.GetString(GeminiErrors.Serialize(withCounts)));
        Assert.Equal("The input token count exceeds the maximum number of tokens allowed: too long", GeminiErrors.MessageFor(withoutCounts));
    }

    [Fact]
    public void FromGemini_RetryInfo_GivesRetryAfterRoundedUp()
    {
        var body = """
            {"error":{"code":429,"message":"You exceeded your current quota.","status":"RESOURCE_EXHAUSTED","details":[
              {"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{"quotaMetric":"m"}]},
              {"@type":"type.googleapis.com/google.rpc.Help","links":[]},
              {"retryDelay":"12.4s","@type":"type.googleapis.com/google.rpc.RetryInfo"}]}}
            """;

        var error = GeminiErrors.FromGemini(429, Encoding.UTF8.GetBytes(body));

        Assert.Equal((429, "RESOURCE_EXHAUSTED", "You exceeded your current quota.", 13), (error.Status, error.Code, error.Message, error.RetryAfterSeconds));
    }

    [Fact]
    public void FromGemini_ContextLimitInAnArray_IsContextLengthExceededWithCounts()
    {
        var body = """
            [{"error":{"code":400,"message":"The input token count (1200293) exceeds the maximum number of tokens allowed (1048576).",
              "errors":[{"domain":"global","reason":"badRequest"}],"status":"INVALID_ARGUMENT"}}]
            """;

        var error = GeminiErrors.FromGemini(400, Encoding.UTF8.GetBytes(body));

        Assert.Equal((400, GatewayError.ContextLengthExceeded, 1200293L, 1048576L), (error.Status, error.Code, error.PromptTokens, error.ContextLimit));
        Assert.Equal("The input token count (1200293) exceeds the maximum number of tokens allowed (1048576).", GeminiErrors.MessageFor(error));
    }

    [Fact]
    public void FromGemini_NotGooglesShape_KeepsTheStatus()
    {
        var error = GeminiErrors.FromGemini(503, "<html>Service Unavailable</html>"u8.ToArray());

        Assert.Equal((503, "UNAVAILABLE"), (error.Status, error.Code));
    }

    [Fact]
    public async Task WriteAsync_SetsStatusContentTypeRetryAfterAndBody()
    {
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();

        await GeminiErrors.WriteAsync(context, new GatewayError(503, "upstream_unavailable", "Try later.") { RetryAfterSeconds = 5 });

        Assert.Equal((503, "application/json", "5"), (context.Response.StatusCode, context.Response.ContentType, context.Response.Headers.RetryAfter.ToString()));
        Equal("""
            {"error":{"code":503,"message":"Try later.","status":"UNAVAILABLE","details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"5s"}]}}
            """, Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray()));
    }
}
