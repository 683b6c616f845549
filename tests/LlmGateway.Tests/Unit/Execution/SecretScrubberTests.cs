using System.Buffers;
using System.Net.ServerSentEvents;
using System.Text;
using LlmGateway.Execution;
using LlmGateway.Http;

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

    [Theory]
    [InlineData("sk-proj-AbCdEfGhIjKlMnOp1234wxyz", "a sk-proj-AbCdEfGhIjKlMnOp1234wxyz b sk-proj-AbCdEfGhIjKlMnOp1234wxyzsk-proj-AbCdEfGhIjKlMnOp1234wxyz", "a *** b ******")]
    [InlineData("sk-proj-AbCdEfGhIjKlMnOp1234wxyz", "nothing here", "nothing here")]
    [InlineData("ab", "xabyab", "x***y***")]
    public void ScrubInPlace_BodyWithWholeSecrets_MasksEachAndKeepsTheRest(string secret, string text, string expected)
    {
        using var body = new PooledBuffer(16);
        var bytes = Encoding.UTF8.GetBytes(text);
        bytes.CopyTo(body.GetSpan(bytes.Length));
        body.Advance(bytes.Length);

        SecretScrubber.ScrubInPlace(body, Encoding.UTF8.GetBytes(secret));

        Assert.Equal(expected, Encoding.UTF8.GetString(body.Span));
    }

    [Fact]
    public async Task ScrubEvents_EventsEchoingSecret_MaskedWithEventTypeKept()
    {
        var secret = Encoding.UTF8.GetBytes(Secret);
        SseItem<ReadOnlyMemory<byte>>[] events =
        [
            new(Encoding.UTF8.GetBytes("""{"delta":"plain"}"""), null),
            new(Encoding.UTF8.GetBytes($$"""{"delta":"key {{Secret}}!"}"""), "content_block_delta"),
        ];

        var scrubbed = new List<SseItem<ReadOnlyMemory<byte>>>();
        await foreach (var item in SecretScrubber.ScrubEvents(events.ToAsyncEnumerable(), secret))
        {
            scrubbed.Add(item);
        }

        using var wire = new MemoryStream();
        await SseFormatter.WriteAsync(scrubbed.ToAsyncEnumerable(), wire, (item, writer) => writer.Write(item.Data.Span));
        Assert.Equal("data: {\"delta\":\"plain\"}\n\nevent: content_block_delta\ndata: {\"delta\":\"key ***!\"}\n\n", Encoding.UTF8.GetString(wire.ToArray()));
        Assert.True(events[0].Data.Equals(scrubbed[0].Data), "an event without the key is passed on as it was");
    }

    private static string Scrub(byte[] body, string secret) => Encoding.UTF8.GetString(SecretScrubber.Scrub(body, secret));
}
