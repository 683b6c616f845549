using System.Text;
using System.Text.Json;
using LlmGateway.Http;
using LlmGateway.Json;
using LlmGateway.Protocols.OpenAI;

namespace LlmGateway.Tests.Unit.Protocols.OpenAI;

public class ChatRequestRewriterTests
{
    private static readonly TopLevelScan ModelAndStreamOptions = new("model", "stream_options");

    /// <summary>Odd spacing, non-ASCII text, escapes, exotic numbers, unknown fields and a nested "model" key.</summary>
    private const string OddBody = """
          {  "temperature" :0.70, "metadata":{ "model" : "keep-me", "tags":["a" ,"b"] },
        "model"   :	"alias-fast" ,
          "messages":[{"role":"user","content":"Grüße, 世界 😀 \u00e9\"quoted\"\\"}],
          "x_unknown": {"deep": {"deeper": [1, 2.50, -0.0, 1E+400, null, true]}},
          "seed": 12345678901234567890
        }

        """;

    [Fact]
    public void Rewrite_NonStream_ReplacesOnlyTheModelValue()
    {
        var expected = Encoding.UTF8.GetBytes(OddBody.Replace("\"alias-fast\"", "\"gpt-4o-mini\"", StringComparison.Ordinal));

        var output = Rewrite(OddBody, "gpt-4o-mini", stream: false);

        Assert.Equal(expected, output);
    }

    [Theory]
    [InlineData("{\"model\":\"a\",\"messages\":[]}", "{\"model\":\"upstream\",\"messages\":[]}")]
    [InlineData("\r\n{\"messages\":[],\"model\":\"a\"}\n", "\r\n{\"messages\":[],\"model\":\"upstream\"}\n")]
    [InlineData("{\"model\":\"gpt\\u002d4o\",\"messages\":[]}", "{\"model\":\"upstream\",\"messages\":[]}")]
    [InlineData("{\"messages\":[{\"content\":\"\\\"model\\\":\\\"a\\\"\"}],\"model\":\"a\"}", "{\"messages\":[{\"content\":\"\\\"model\\\":\\\"a\\\"\"}],\"model\":\"upstream\"}")]
    public void Rewrite_NonStream_ReplacesTheTopLevelModelWherever(string body, string expected)
    {
        var output = Rewrite(body, "upstream", stream: false);

        Assert.Equal(expected, Encoding.UTF8.GetString(output));
    }

    [Fact]
    public void Rewrite_StreamWithoutStreamOptions_AddsIncludeUsageAndKeepsEveryField()
    {
        var body = OddBody.Replace("\"temperature\"", "\"stream\": true, \"temperature\"", StringComparison.Ordinal);

        var output = Rewrite(body, "gpt-4o-mini", stream: true);

        using var original = JsonDocument.Parse(body);
        using var rewritten = JsonDocument.Parse(output);
        AssertSameExcept(original.RootElement, rewritten.RootElement, "model", "stream_options");
        Assert.Equal("gpt-4o-mini", rewritten.RootElement.GetProperty("model").GetString());
        Assert.Equal("""{"include_usage":true}""", Single(rewritten.RootElement, "stream_options").GetRawText());
    }

    [Fact]
    public void Rewrite_StreamOptionsWithIncludeUsageFalse_ForcesTrueAndKeepsOtherOptions()
    {
        const string body = """{"model":"alias-fast","stream":true,"stream_options":{"include_usage":false,"x":1},"messages":[{"role":"user","content":"hi"}]}""";

        var output = Rewrite(body, "gpt-4o-mini", stream: true);

        using var original = JsonDocument.Parse(body);
        using var rewritten = JsonDocument.Parse(output);
        AssertSameExcept(original.RootElement, rewritten.RootElement, "model", "stream_options");
        var options = Single(rewritten.RootElement, "stream_options");
        Assert.True(Single(options, "include_usage").GetBoolean());
        Assert.Equal(1, Single(options, "x").GetInt32());
        Assert.Equal(2, options.EnumerateObject().Count());
    }

    [Fact]
    public void Rewrite_StreamOptionsBeforeModel_RewritesBoth()
    {
        const string body = """{"stream_options":{"include_usage":false},"messages":[{"role":"user","content":"hi"}],"model":"alias-fast","stream":true}""";

        var output = Rewrite(body, "gpt-4o-mini", stream: true);

        using var rewritten = JsonDocument.Parse(output);
        Assert.Equal("gpt-4o-mini", Single(rewritten.RootElement, "model").GetString());
        Assert.True(Single(Single(rewritten.RootElement, "stream_options"), "include_usage").GetBoolean());
        Assert.Equal("""[{"role":"user","content":"hi"}]""", rewritten.RootElement.GetProperty("messages").GetRawText());
    }

    [Fact]
    public void Rewrite_StreamOptionsNull_ReplacedByIncludeUsageTrue()
    {
        const string body = """{"model":"alias-fast","stream":true,"stream_options":null,"messages":[{"role":"user","content":"hi"}]}""";

        var output = Rewrite(body, "gpt-4o-mini", stream: true);

        using var original = JsonDocument.Parse(body);
        using var rewritten = JsonDocument.Parse(output);
        AssertSameExcept(original.RootElement, rewritten.RootElement, "model", "stream_options");
        Assert.Equal("""{"include_usage":true}""", Single(rewritten.RootElement, "stream_options").GetRawText());
    }

    [Fact]
    public void Rewrite_NonStreamWithStreamOptions_LeavesStreamOptionsAlone()
    {
        const string body = """{"model":"alias-fast","stream_options":{"include_usage":false},"messages":[]}""";

        var output = Rewrite(body, "gpt-4o-mini", stream: false);

        Assert.Equal(
            """{"model":"gpt-4o-mini","stream_options":{"include_usage":false},"messages":[]}""",
            Encoding.UTF8.GetString(output));
    }

    [Theory]
    [InlineData("quote\"model", false)]
    [InlineData("back\\slash", false)]
    [InlineData("mödèl-世界-😀", false)]
    [InlineData("line\nbreak\ttab\u0001", false)]
    [InlineData("</script>&'", false)]
    [InlineData("quote\"back\\slash-ü", true)]
    public void Rewrite_ModelNeedingEscaping_WritesValidJsonWithThatModel(string upstreamModel, bool stream)
    {
        const string body = """{"model":"alias-fast","stream":true,"messages":[{"role":"user","content":"hi"}]}""";

        var output = Rewrite(body, upstreamModel, stream);

        using var original = JsonDocument.Parse(body);
        using var rewritten = JsonDocument.Parse(output);
        Assert.Equal(upstreamModel, Single(rewritten.RootElement, "model").GetString());
        AssertSameExcept(original.RootElement, rewritten.RootElement, "model", "stream_options");
    }

    /// <summary>
    /// Rewrites from the layout the one-pass scan finds (a body the scan would reject is scanned for the model
    /// alone, as the Anthropic surface does), and checks the overload for a parsed document writes the same bytes.
    /// </summary>
    private static byte[] Rewrite(string body, string upstreamModel, bool stream)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        ChatRequestLayout layout;
        try
        {
            layout = ChatRequestInfo.Read(bytes).Layout;
        }
        catch (GatewayErrorException)
        {
            var found = new JsonSlice[2];
            ModelAndStreamOptions.Scan(bytes, found);
            layout = new ChatRequestLayout(found[0], found[1]);
        }

        using var rewritten = ChatRequestRewriter.Rewrite(bytes, layout, upstreamModel, stream);
        ReadOnlyMemory<byte> memory = bytes;
        using var document = JsonDocument.Parse(memory);
        using var fromElement = ChatRequestRewriter.Rewrite(memory, document.RootElement, upstreamModel, stream);
        Assert.Equal(Encoding.UTF8.GetString(fromElement.Span), Encoding.UTF8.GetString(rewritten.Span));
        return rewritten.Span.ToArray();
    }

    private static JsonElement Single(JsonElement element, string name) =>
        Assert.Single(element.EnumerateObject(), p => p.NameEquals(name)).Value;

    /// <summary>Every property of <paramref name="original"/> not in <paramref name="changed"/> is in <paramref name="rewritten"/>, once, with the same raw text; nothing else is added.</summary>
    private static void AssertSameExcept(JsonElement original, JsonElement rewritten, params string[] changed)
    {
        var kept = original.EnumerateObject().Where(p => !changed.Contains(p.Name)).Select(p => (p.Name, p.Value.GetRawText())).ToList();
        var actual = rewritten.EnumerateObject().Where(p => !changed.Contains(p.Name)).Select(p => (p.Name, p.Value.GetRawText())).ToList();
        Assert.Equal(kept, actual);
    }
}
