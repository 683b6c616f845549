using System.Text.Json.Nodes;
using LlmGateway.Http;
using LlmGateway.Tests.Infrastructure;
using LlmGateway.Translation;

namespace LlmGateway.Tests.Golden;

/// <summary>
/// Whole-payload goldens for the translation hub (docs/translation.md), one theory row per case folder under
/// <c>Golden/Cases</c>: <c>request.in.json</c> → <c>request.out.json</c> (or <c>error.json</c>),
/// <c>response.in.json</c> → <c>response.out.json</c>, <c>stream.in.sse</c> → <c>stream.out.sse</c>. Folders name a
/// direction, "client format to upstream format" (<see cref="GoldenDirection"/>), over OpenAI Chat, Anthropic Messages,
/// Gemini and OpenAI Responses. The expected files are written from the protocols, not captured from the code.
/// </summary>
public class GoldenTranslationTests
{
    public static TheoryData<string> RequestCases => GoldenCase.With(GoldenCase.RequestIn, GoldenCase.RequestOut);

    public static TheoryData<string> RejectedRequestCases => GoldenCase.With(GoldenCase.RequestIn, GoldenCase.Error);

    public static TheoryData<string> ResponseCases => GoldenCase.With(GoldenCase.ResponseIn, GoldenCase.ResponseOut);

    public static TheoryData<string> StreamCases => GoldenCase.With(GoldenCase.StreamIn, GoldenCase.StreamOut);

    [Theory]
    [MemberData(nameof(RequestCases))]
    public void TranslateRequest_GoldenCase_MatchesUpstreamBody(string caseId)
    {
        var golden = GoldenCase.Load(caseId);

        var actual = GoldenTranslator.TranslateRequest(golden, golden.ReadText(GoldenCase.RequestIn));

        GoldenAssert.JsonEqual(golden.ReadText(GoldenCase.RequestOut), actual, $"The upstream request of '{caseId}'");
    }

    [Theory]
    [MemberData(nameof(RejectedRequestCases))]
    public void TranslateRequest_GoldenRejection_ThrowsErrorNamingTheParameter(string caseId)
    {
        var golden = GoldenCase.Load(caseId);
        var expected = JsonNode.Parse(golden.ReadText(GoldenCase.Error))!;

        var error = Assert.Throws<GatewayErrorException>(() => GoldenTranslator.TranslateRequest(golden, golden.ReadText(GoldenCase.RequestIn))).Error;

        Assert.Equal(
            (expected["status"]!.GetValue<int>(), expected["param"]?.GetValue<string>()),
            (error.Status, error.Param));
    }

    [Theory]
    [MemberData(nameof(ResponseCases))]
    public void TranslateResponse_GoldenCase_MatchesClientBody(string caseId)
    {
        var golden = GoldenCase.Load(caseId);

        var actual = GoldenTranslator.TranslateResponse(golden, golden.ReadBytes(GoldenCase.ResponseIn));

        GoldenAssert.JsonEqual(golden.ReadText(GoldenCase.ResponseOut), actual, $"The client response of '{caseId}'");
    }

    [Theory]
    [MemberData(nameof(StreamCases))]
    public async Task TranslateStream_GoldenCase_MatchesClientEvents(string caseId)
    {
        var golden = GoldenCase.Load(caseId);

        var actual = await GoldenTranslator.TranslateStreamAsync(golden, golden.ReadBytes(GoldenCase.StreamIn));

        GoldenAssert.SseEqual(golden.ReadText(GoldenCase.StreamOut), actual, $"The client stream of '{caseId}'");
        switch (golden.Direction.Client())
        {
            case WireFormat.AnthropicMessages:
                AnthropicStreamChecker.AssertWellFormed(actual);
                break;
            case WireFormat.Gemini:
                GoldenAssert.GeminiStreamWellFormed(actual);
                break;
            case WireFormat.OpenAIResponses:
                ResponsesStreamChecker.AssertWellFormed(actual);
                break;
            default:
                // OpenAI streams are data-only frames.
                Assert.DoesNotContain(actual.Split('\n'), line => line.StartsWith("event:", StringComparison.Ordinal));
                break;
        }
    }

    [Fact]
    public void GoldenCases_EveryDirection_HasRequestResponseAndStreamCases()
    {
        var ids = GoldenCase.AllIds().ToList();

        foreach (var folder in GoldenDirections.Folders)
        {
            var cases = ids.Where(id => id.StartsWith(folder + "/", StringComparison.Ordinal)).Select(GoldenCase.Load).ToList();
            Assert.True(cases.Any(c => c.Has(GoldenCase.RequestOut)), $"'{folder}' has no request case.");
            Assert.True(cases.Any(c => c.Has(GoldenCase.ResponseOut)), $"'{folder}' has no response case.");
            Assert.True(cases.Any(c => c.Has(GoldenCase.StreamOut)), $"'{folder}' has no stream case.");
        }
    }

    [Fact]
    public void GoldenCases_EveryFolder_HoldsOnlyCompletePairsOfKnownFiles()
    {
        var ids = GoldenCase.AllIds().ToList();

        Assert.NotEmpty(ids);
        foreach (var id in ids)
        {
            var golden = GoldenCase.Load(id);
            foreach (var file in Directory.GetFiles(golden.Directory).Select(Path.GetFileName))
            {
                Assert.True(GoldenCase.KnownFiles.Contains(file), $"'{id}' holds '{file}', which no golden theory reads.");
            }

            Assert.True(golden.Has(GoldenCase.RequestIn) == (golden.Has(GoldenCase.RequestOut) ^ golden.Has(GoldenCase.Error)), $"'{id}': {GoldenCase.RequestIn} needs exactly one of {GoldenCase.RequestOut} and {GoldenCase.Error}.");
            Assert.True(golden.Has(GoldenCase.ResponseIn) == golden.Has(GoldenCase.ResponseOut), $"'{id}': {GoldenCase.ResponseIn} and {GoldenCase.ResponseOut} go together.");
            Assert.True(golden.Has(GoldenCase.StreamIn) == golden.Has(GoldenCase.StreamOut), $"'{id}': {GoldenCase.StreamIn} and {GoldenCase.StreamOut} go together.");
            Assert.True(golden.Has(GoldenCase.RequestIn) || golden.Has(GoldenCase.ResponseIn) || golden.Has(GoldenCase.StreamIn), $"'{id}' has no input file.");
        }
    }
}
