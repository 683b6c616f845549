using System.Text;
using LlmGateway.Execution;

namespace LlmGateway.Tests.Unit.Execution;

public class SecretScrubberTests
{
    private const string Secret = "sk-proj-AbCdEfGhIjKlMnOp1234wxyz";

    [Fact]
    public void Scrub_BodyEchoingWholeSecret_ReplacesIt()
    {
        var body = Encoding.UTF8.GetBytes($$$"""{"error":{"message":"Incorrect API key provided: {{{Secret}}}. Check it."}}""");

        var scrubbed = Scrub(body, Secret);

        Assert.Equal("""{"error":{"message":"Incorrect API key provided: ***. Check it."}}""", scrubbed);
    }

    [Fact]
    public void Scrub_BodyEchoingMaskedTail_ReplacesLastEightCharacters()
    {
        var body = Encoding.UTF8.GetBytes("""{"error":{"message":"Incorrect API key provided: sk-proj-****1234wxyz."}}""");

        var scrubbed = Scrub(body, Secret);

        Assert.Equal("""{"error":{"message":"Incorrect API key provided: sk-proj-*******."}}""", scrubbed);
        Assert.DoesNotContain(Secret[^8..], scrubbed, StringComparison.Ordinal);
    }

    [Fact]
    public void Scrub_BodyWithSecretSeveralTimes_ReplacesEveryOccurrence()
    {
        var body = Encoding.UTF8.GetBytes($"key={Secret}; again {Secret}; tail ...{Secret[^8..]} — ünïcode stays");

        var scrubbed = Scrub(body, Secret);

        Assert.Equal("key=***; again ***; tail ...*** — ünïcode stays", scrubbed);
    }

    [Theory]
    [InlineData("""{"error":{"message":"Rate limit reached for gpt-4o — try again in 20s","type":"requests"}}""")]
    [InlineData("")]
    [InlineData("sk-proj-AbCdEfGh but not the rest")]
    public void Scrub_BodyWithoutSecret_ReturnsIdenticalBytes(string text)
    {
        var body = Encoding.UTF8.GetBytes(text);

        var scrubbed = SecretScrubber.Scrub(body, Secret);

        Assert.Equal(body, scrubbed);
    }

    [Fact]
    public void Scrub_InvalidUtf8WithoutSecret_ReturnsIdenticalBytes()
    {
        byte[] body = [0x7B, 0xFF, 0xFE, 0xC3, 0x28, 0x7D];

        var scrubbed = SecretScrubber.Scrub(body, Secret);

        Assert.Equal(body, scrubbed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Scrub_NoSecret_ReturnsIdenticalBytes(string? secret)
    {
        var body = Encoding.UTF8.GetBytes("""{"id":"x","message":"***"}""");

        var scrubbed = SecretScrubber.Scrub(body, secret);

        Assert.Equal(body, scrubbed);
    }

    private static string Scrub(byte[] body, string secret) => Encoding.UTF8.GetString(SecretScrubber.Scrub(body, secret));
}
