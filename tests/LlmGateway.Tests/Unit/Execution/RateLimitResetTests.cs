using LlmGateway.Execution;

namespace LlmGateway.Tests.Unit.Execution;

public class RateLimitResetTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("1s", 1000)]
    [InlineData("6m0s", 360_000)]
    [InlineData("1h2m3.5s", 3_723_500)]
    [InlineData("20ms", 20)]
    [InlineData("0.5s", 500)]
    public void ParseDuration_GoStyleDuration_Milliseconds(string text, double milliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), RateLimitReset.ParseDuration(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("5")]
    [InlineData("5x")]
    public void ParseDuration_NotADuration_Null(string text)
    {
        Assert.Null(RateLimitReset.ParseDuration(text));
    }

    [Fact]
    public void Read_OpenAIHeaders_TheExhaustedLimitWinsOverALaterReset()
    {
        var headers = Headers(
            ("x-ratelimit-remaining-requests", "0"), ("x-ratelimit-reset-requests", "2s"),
            ("x-ratelimit-remaining-tokens", "4000"), ("x-ratelimit-reset-tokens", "1m"));

        Assert.Equal(TimeSpan.FromSeconds(2), RateLimitReset.Read(headers, Now));
    }

    [Fact]
    public void Read_AnthropicHeaders_TheExhaustedLimitsResetTime()
    {
        var headers = Headers(
            ("anthropic-ratelimit-requests-remaining", "40"), ("anthropic-ratelimit-requests-reset", "2026-01-01T12:01:00Z"),
            ("anthropic-ratelimit-output-tokens-remaining", "0"), ("anthropic-ratelimit-output-tokens-reset", "2026-01-01T12:00:12Z"));

        Assert.Equal(TimeSpan.FromSeconds(12), RateLimitReset.Read(headers, Now));
    }

    [Fact]
    public void Read_NoLimitExhausted_TheLatestReset()
    {
        var headers = Headers(
            ("anthropic-ratelimit-requests-remaining", "1"), ("anthropic-ratelimit-requests-reset", "2026-01-01T12:00:08Z"),
            ("anthropic-ratelimit-tokens-remaining", "10"), ("anthropic-ratelimit-tokens-reset", "2026-01-01T12:00:03Z"));

        Assert.Equal(TimeSpan.FromSeconds(8), RateLimitReset.Read(headers, Now));
    }

    [Fact]
    public void Read_ResetInThePast_Zero()
    {
        var headers = Headers(("anthropic-ratelimit-requests-remaining", "0"), ("anthropic-ratelimit-requests-reset", "2026-01-01T11:59:00Z"));

        Assert.Equal(TimeSpan.Zero, RateLimitReset.Read(headers, Now));
    }

    [Fact]
    public void Read_NoRateLimitHeaders_Null()
    {
        Assert.Null(RateLimitReset.Read(Headers(("x-request-id", "abc")), Now));
    }

    private static System.Net.Http.Headers.HttpResponseHeaders Headers(params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage();
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response.Headers;
    }
}
