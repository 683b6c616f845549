using System.Text;
using System.Text.Json;
using LlmGateway.Execution;
using LlmGateway.Protocols.OpenAI;
using LlmGateway.Tests.Unit.Protocols.OpenAI.Reference;

namespace LlmGateway.Tests.Unit.Protocols.OpenAI;

/// <summary>
/// The one-pass request decoder (<see cref="OpenAIChatCodec.DecodeRequest(ReadOnlySpan{byte})"/>), the pass-through
/// scan (<see cref="ChatRequestInfo.Read(ReadOnlySpan{byte})"/>) and the rewrite from its layout give exactly what
/// their <see cref="JsonElement"/>-walking predecessors gave after <see cref="ChatExecutor.ParseJson"/> (kept under
/// <c>Reference/</c> as oracles): the same canonical request or the same error (status, code, message, param), and
/// the same upstream bytes.
/// </summary>
public class ChatRequestEquivalenceTests
{
    [Fact]
    public void DecodeRequest_RichRequestAndEveryDamagedVariant_AgreesWithReference()
    {
        var cases = RequestCorpus.Variants("rich", RequestCorpus.Rich, thorough: true).ToList();

        var outcomes = AssertDecodersAgree(cases);

        // Not vacuous: the corpus reaches many distinct errors, and successes.
        Assert.True(outcomes.Count(o => o.StartsWith("error", StringComparison.Ordinal)) > 80, $"only {outcomes.Count} distinct outcomes");
        Assert.Contains(outcomes, o => o.StartsWith("CanonicalRequest", StringComparison.Ordinal));
    }

    [Fact]
    public void DecodeRequest_GoldenRequestsAndDamagedVariants_AgreesWithReference()
    {
        var goldens = RequestCorpus.GoldenRequests().ToList();
        Assert.True(goldens.Count >= 30, $"only {goldens.Count} golden OpenAI requests found");

        AssertDecodersAgree(goldens.SelectMany(golden => RequestCorpus.Variants(golden.Name, golden.Json, thorough: false)).ToList());
    }

    [Fact]
    public void DecodeRequest_HandpickedBodies_AgreesWithReference()
    {
        var outcomes = AssertDecodersAgree(RequestCorpus.Handpicked().ToList());

        Assert.Contains(outcomes, o => o.StartsWith("error 400 invalid_json", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_EveryCorpusBody_AgreesWithReference()
    {
        var cases = RequestCorpus.Variants("rich", RequestCorpus.Rich, thorough: true)
            .Concat(RequestCorpus.GoldenRequests().SelectMany(golden => RequestCorpus.Variants(golden.Name, golden.Json, thorough: false)))
            .Concat(RequestCorpus.Handpicked())
            .ToList();

        var outcomes = AssertAgree(cases, ReferenceInfo, body => InfoOutcome(() => ChatRequestInfo.Read(body)));

        Assert.Contains(outcomes, o => o.StartsWith("error 400 invalid_json", StringComparison.Ordinal));
        Assert.Contains(outcomes, o => o.StartsWith("error 400 invalid_value param=stream_options.include_usage", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("gpt-4o-mini", false)]
    [InlineData("gpt-4o-mini", true)]
    [InlineData("mödèl \"quoted\" \\ </script>", true)]
    public void Rewrite_EveryBodyTheScanAccepts_SameBytesAsReference(string model, bool includeUsage)
    {
        var cases = RequestCorpus.Variants("rich", RequestCorpus.Rich, thorough: true)
            .Concat(RequestCorpus.GoldenRequests().SelectMany(golden => RequestCorpus.Variants(golden.Name, golden.Json, thorough: false)))
            .Concat(RequestCorpus.Handpicked());
        var compared = 0;
        var mismatches = new List<string>();
        foreach (var (name, body) in cases)
        {
            ReadOnlyMemory<byte> memory = body;
            ChatRequestInfo info;
            try
            {
                info = ChatRequestInfo.Read(body);
            }
            catch (Exception ex) when (ex is LlmGateway.Http.GatewayErrorException or InvalidOperationException)
            {
                continue;
            }

            using var document = JsonDocument.Parse(memory);
            using var expected = ReferenceChatRequestRewriter.Rewrite(memory, document.RootElement, model, includeUsage);
            using var fromLayout = ChatRequestRewriter.Rewrite(body, info.Layout, model, includeUsage);
            using var fromElement = ChatRequestRewriter.Rewrite(memory, document.RootElement, model, includeUsage);
            compared++;
            if (!expected.Span.SequenceEqual(fromLayout.Span) || !expected.Span.SequenceEqual(fromElement.Span))
            {
                mismatches.Add($"{name}\n  body:     {Encoding.UTF8.GetString(body)}\n  expected: {Encoding.UTF8.GetString(expected.Span)}\n  layout:   {Encoding.UTF8.GetString(fromLayout.Span)}\n  element:  {Encoding.UTF8.GetString(fromElement.Span)}");
            }
        }

        Assert.True(compared > 500, $"only {compared} bodies rewritten");
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {compared} rewrites differ:\n" + string.Join("\n", mismatches.Take(10)));
    }

    /// <summary>Asserts the decoder agrees with the reference on every case; returns the distinct outcomes.</summary>
    private static HashSet<string> AssertDecodersAgree(IReadOnlyList<(string Name, byte[] Body)> cases)
    {
        var outcomes = AssertAgree(cases, ReferenceDecode, body => CanonicalDump.Outcome(() => CanonicalDump.Of(OpenAIChatCodec.DecodeRequest(body))));

        // The JsonElement overload (for callers holding a document) is the same decoder.
        var mismatches = new List<string>();
        foreach (var (name, body) in cases)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(body);
            }
            catch (JsonException)
            {
                continue;
            }

            using (document)
            {
                var expected = CanonicalDump.Outcome(() => CanonicalDump.Of(OpenAIChatCodec.DecodeRequest(body)));
                var actual = CanonicalDump.Outcome(() => CanonicalDump.Of(OpenAIChatCodec.DecodeRequest(document.RootElement)));
                if (expected != actual)
                {
                    mismatches.Add($"{name}\n  bytes:   {expected}\n  element: {actual}");
                }
            }
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches.Take(10)));
        return outcomes;
    }

    private static HashSet<string> AssertAgree(IReadOnlyList<(string Name, byte[] Body)> cases, Func<byte[], string> reference, Func<byte[], string> actual)
    {
        var outcomes = new HashSet<string>(StringComparer.Ordinal);
        var mismatches = new List<string>();
        foreach (var (name, body) in cases)
        {
            var expected = reference(body);
            var got = actual(body);
            outcomes.Add(expected);
            if (expected != got)
            {
                mismatches.Add($"{name}\n  body:     {Encoding.UTF8.GetString(body)}\n  expected: {expected}\n  actual:   {got}");
            }
        }

        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {cases.Count} cases differ:\n" + string.Join("\n", mismatches.Take(10)));
        return outcomes;
    }

    private static string ReferenceDecode(byte[] body) => CanonicalDump.Outcome(() =>
    {
        using var document = ChatExecutor.ParseJson(body);
        return CanonicalDump.Of(ReferenceChatDecoder.DecodeRequest(document.RootElement));
    });

    private static string ReferenceInfo(byte[] body) => InfoOutcome(() =>
    {
        using var document = ChatExecutor.ParseJson(body);
        var info = ReferenceChatRequestInfo.Read(document.RootElement);
        return (info.Model, info.Stream, info.IncludeUsage);
    });

    private static string InfoOutcome(Func<ChatRequestInfo> read) => InfoOutcome(() =>
    {
        var info = read();
        return (info.Model, info.Stream, info.IncludeUsage);
    });

    private static string InfoOutcome(Func<(string Model, bool Stream, bool IncludeUsage)> read) =>
        CanonicalDump.Outcome(() => read().ToString());
}
