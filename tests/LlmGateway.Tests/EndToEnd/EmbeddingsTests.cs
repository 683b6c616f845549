using System.ClientModel;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using LlmGateway.Tests.Infrastructure;
using OpenAI.Embeddings;

namespace LlmGateway.Tests.EndToEnd;

/// <summary>
/// <c>POST /v1/embeddings</c> with the official OpenAI .NET SDK (<see cref="EmbeddingClient"/>, which asks for
/// base64 by default) and raw HTTP, against OpenAI-compatible and Gemini fake upstreams, the mock and Anthropic.
/// </summary>
public sealed class EmbeddingsTests : UpstreamGatewayTest
{
    private const string GeminiModel = "gemini-embedding-001";
    private const string SecondKey = "sk-upstream-secret-0002";
    private static readonly float[] OpenAIVector = [0.5f, -0.25f, 0.125f];
    private static readonly string[] GeminiValues = ["0.013168523", "-0.008711934", "-0.046782676"];

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(CannedGemini.Provider(Upstream))
    {
        ["Gateway:Providers:openai:Models:2"] = "text-embedding-3-small",
        ["Gateway:Providers:openai:Keys:1"] = SecondKey,
        ["Gateway:Providers:openai:Strategy"] = "fill-first",
        ["Gateway:Providers:gemini:Models:1"] = GeminiModel,
        ["Gateway:Providers:anthropic:Type"] = "anthropic",
        ["Gateway:Providers:anthropic:BaseUrl"] = Upstream.BaseUrl,
        ["Gateway:Providers:anthropic:Keys:0"] = "sk-ant-upstream-0001",
        ["Gateway:Providers:anthropic:Models:0"] = "claude-sonnet-4-5",
        ["Gateway:Aliases:embed:0"] = "openai/text-embedding-3-small",
    };

    [Fact]
    public async Task GenerateEmbedding_OpenAIUpstream_ModelRewrittenAndBase64BytesRelayed()
    {
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, OpenAIAnswer(Convert.ToBase64String(MemoryMarshal.AsBytes(OpenAIVector.AsSpan()))));

        OpenAIEmbedding embedding = await Gateway.OpenAI().GetEmbeddingClient("embed").GenerateEmbeddingAsync("hello world");

        Assert.Equal(OpenAIVector, embedding.ToFloats().ToArray());
        var sent = Upstream.LastRequest;
        Assert.Equal("/v1/embeddings", sent.Path);
        Assert.Equal("Bearer sk-upstream-secret-0001", sent.Header("authorization"));
        Assert.Equal("text-embedding-3-small", sent.Json["model"]!.GetValue<string>());
        Assert.Equal("base64", sent.Json["encoding_format"]!.GetValue<string>());
        Assert.Equal("hello world", sent.Json["input"]!.GetValue<string>());
        var record = Assert.Single(await Gateway.UsageAsync(1));
        Assert.Equal(("embeddings", "openai", "text-embedding-3-small", "openai:0", 200), (record.Endpoint, record.Provider, record.ModelServed, record.CredentialId, record.Status));
        Assert.Equal(5, record.Tokens.Input);
    }

    [Fact]
    public async Task PostEmbeddings_OpenAIUpstream_UpstreamGetsClientBytesAndClientGetsUpstreamBytes()
    {
        var answer = OpenAIAnswer("[0.1,0.2]").Replace("\"usage\"", "\"x_vendor\":{\"kept\":true},\"usage\"", StringComparison.Ordinal);
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, answer);
        const string Body = """{ "input": ["a", "b"], "model": "embed", "encoding_format": "float", "dimensions": 2, "x_extra": {"k": 1} }""";

        using var response = await PostAsync(Body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(answer, await response.Content.ReadAsStringAsync());
        Assert.Equal(Body.Replace("\"embed\"", "\"text-embedding-3-small\"", StringComparison.Ordinal), SseFrames.Utf8(Upstream.LastRequest.Body));
    }

    [Fact]
    public async Task GenerateEmbedding_FirstKeyRateLimited_RetriedOnTheNextKey()
    {
        Upstream.Handler = (request, context) => request.Header("authorization") == "Bearer " + SecondKey
            ? FakeUpstream.Json(context, 200, OpenAIAnswer("[1.0]"))
            : FakeUpstream.Json(context, 429, Canned.Error("Rate limit reached", "requests", "rate_limit_exceeded"), new Dictionary<string, string> { ["Retry-After"] = "30" });

        OpenAIEmbedding embedding = await Gateway.OpenAI().GetEmbeddingClient("openai/text-embedding-3-small").GenerateEmbeddingAsync("x");

        Assert.Equal([1f], embedding.ToFloats().ToArray());
        Assert.Equal(["Bearer sk-upstream-secret-0001", "Bearer " + SecondKey], Upstream.Requests.Select(r => r.Header("authorization")));
        var record = Assert.Single(await Gateway.UsageAsync(1));
        Assert.Equal((2, "openai:1", 200), (record.Attempts, record.CredentialId, record.Status));
    }

    [Fact]
    public async Task PostEmbeddings_OpenAIUpstreamRejects_ErrorRelayedWithItsStatus()
    {
        var error = Canned.Error("Invalid input", "invalid_request_error", "invalid_value");
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 400, error);

        using var response = await PostAsync("""{"model":"embed","input":"x"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(error, await response.Content.ReadAsStringAsync());
        Assert.Single(Upstream.Requests);
    }

    [Fact]
    public async Task GenerateEmbedding_GeminiUpstream_EmbedContentWithKeyHeaderAndBase64OfItsFloats()
    {
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, $$$"""{"embedding":{"values":[{{{string.Join(',', GeminiValues)}}}]}}""");

        OpenAIEmbedding embedding = await Gateway.OpenAI().GetEmbeddingClient(GeminiModel)
            .GenerateEmbeddingAsync("hello", new EmbeddingGenerationOptions { Dimensions = 3 });

        Assert.Equal(GeminiValues.Select(v => float.Parse(v, CultureInfo.InvariantCulture)), embedding.ToFloats().ToArray());
        var sent = Upstream.LastRequest;
        Assert.Equal($"/v1beta/models/{GeminiModel}:embedContent", sent.Path);
        Assert.Equal(CannedGemini.Key, sent.Header("x-goog-api-key"));
        Assert.Null(sent.Header("authorization"));
        Assert.DoesNotContain(CannedGemini.Key, sent.Path, StringComparison.Ordinal);
        Assert.DoesNotContain("key=", sent.Path, StringComparison.Ordinal);
        Assert.Equal($$"""{"model":"models/{{GeminiModel}}","content":{"parts":[{"text":"hello"}]},"outputDimensionality":3}""", SseFrames.Utf8(sent.Body));
    }

    [Fact]
    public async Task GenerateEmbeddings_GeminiUpstreamArray_BatchEmbedContentsAndVectorsInOrderWithEstimatedUsage()
    {
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, """{"embeddings":[{"values":[0.25,0.5]},{"values":[-1,2.5]}]}""");

        OpenAIEmbeddingCollection embeddings = await Gateway.OpenAI().GetEmbeddingClient(GeminiModel).GenerateEmbeddingsAsync(["first", "second"]);

        Assert.Equal([0, 1], embeddings.Select(e => e.Index));
        Assert.Equal([0.25f, 0.5f], embeddings[0].ToFloats().ToArray());
        Assert.Equal([-1f, 2.5f], embeddings[1].ToFloats().ToArray());
        // Gemini reports no usage for embeddings: the local estimate, 4 UTF-8 bytes per token rounded up (2 + 2).
        Assert.Equal(4, embeddings.Usage.InputTokenCount);
        var sent = Upstream.LastRequest;
        Assert.Equal($"/v1beta/models/{GeminiModel}:batchEmbedContents", sent.Path);
        Assert.Equal(CannedGemini.Key, sent.Header("x-goog-api-key"));
        Assert.Null(sent.Header("authorization"));
        Assert.DoesNotContain(CannedGemini.Key, sent.Path, StringComparison.Ordinal);
        Assert.Equal(
            $$$"""{"requests":[{"model":"models/{{{GeminiModel}}}","content":{"parts":[{"text":"first"}]}},{"model":"models/{{{GeminiModel}}}","content":{"parts":[{"text":"second"}]}}]}""",
            SseFrames.Utf8(sent.Body));
    }

    [Fact]
    public async Task PostEmbeddings_GeminiFloatFormat_OpenAIShapeWithNumbers()
    {
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, $$$"""{"embedding":{"values":[{{{string.Join(',', GeminiValues)}}}]}}""");

        using var response = await PostAsync($$"""{"model":"gemini/{{GeminiModel}}","input":"hello","encoding_format":"float"}""");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse($$$"""{"object":"list","data":[{"object":"embedding","index":0,"embedding":[{{{string.Join(',', GeminiValues)}}}]}],"model":"{{{GeminiModel}}}","usage":{"prompt_tokens":2,"total_tokens":2}}"""),
            body), body.ToJsonString());
    }

    [Fact]
    public async Task PostEmbeddings_GeminiWith150Inputs_TwoBatchesOf100And50InOrder()
    {
        Upstream.Handler = (request, context) =>
        {
            var values = request.Json["requests"]!.AsArray().Select(r => r!["content"]!["parts"]![0]!["text"]!.GetValue<string>()[1..]);
            return FakeUpstream.Json(context, 200, "{\"embeddings\":[" + string.Join(',', values.Select(v => "{\"values\":[" + v + "]}")) + "]}");
        };
        var inputs = Enumerable.Range(0, 150).Select(i => "\"t" + i + "\"");

        using var response = await PostAsync($$"""{"model":"{{GeminiModel}}","input":[{{string.Join(',', inputs)}}],"encoding_format":"float"}""");
        var data = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["data"]!.AsArray();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([100, 50], Upstream.Requests.Select(r => r.Json["requests"]!.AsArray().Count));
        Assert.Equal(Enumerable.Range(0, 150), data.Select(d => d!["index"]!.GetValue<int>()));
        Assert.Equal(Enumerable.Range(0, 150).Select(i => (float)i), data.Select(d => d!["embedding"]![0]!.GetValue<float>()));
    }

    [Fact]
    public async Task PostEmbeddings_GeminiRejects_ClientGetsOpenAIErrorWithGeminiStatusAndMessage()
    {
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 400, """{"error":{"code":400,"message":"Request contains an invalid argument.","status":"INVALID_ARGUMENT"}}""");

        using var response = await PostAsync($$"""{"model":"{{GeminiModel}}","input":"x"}""");
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Request contains an invalid argument.", error["message"]!.GetValue<string>());
        Assert.Equal(("invalid_request_error", "INVALID_ARGUMENT"), (error["type"]!.GetValue<string>(), error["code"]!.GetValue<string>()));
        Assert.DoesNotContain(CannedGemini.Key, error.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"input\":[1,2,3]", "input")]
    [InlineData("\"input\":[[1,2],[3]]", "input")]
    [InlineData("\"input\":\"x\",\"x_extra\":1", "x_extra")]
    public async Task PostEmbeddings_GeminiCannotHonour_Returns400NamingTheField(string fields, string param)
    {
        using var response = await PostAsync($$"""{"model":"{{GeminiModel}}",{{fields}}}""");

        await AssertErrorAsync(response, param, "unsupported_parameter");
        Assert.Empty(Upstream.Requests);
    }

    [Fact]
    public async Task GenerateEmbedding_Mock_DeterministicUnitVectorsOfDefaultLengthEight()
    {
        var client = Gateway.OpenAI().GetEmbeddingClient("echo");

        var first = (await client.GenerateEmbeddingAsync("the same text")).Value.ToFloats().ToArray();
        var again = (await client.GenerateEmbeddingAsync("the same text")).Value.ToFloats().ToArray();
        var other = (await client.GenerateEmbeddingAsync("another text")).Value.ToFloats().ToArray();
        var sixteen = (await client.GenerateEmbeddingAsync("the same text", new EmbeddingGenerationOptions { Dimensions = 16 })).Value.ToFloats().ToArray();

        Assert.Equal(8, first.Length);
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.Equal(16, sixteen.Length);
        Assert.Equal(1.0, Math.Sqrt(first.Sum(v => (double)v * v)), 5);
        Assert.Equal(1.0, Math.Sqrt(sixteen.Sum(v => (double)v * v)), 5);
        Assert.Empty(Upstream.Requests);
    }

    [Fact]
    public async Task PostEmbeddings_MockFloatArray_OneVectorPerInputWithEstimatedUsage()
    {
        using var response = await PostAsync("""{"model":"mock/echo","input":["a","bb","a"],"encoding_format":"float"}""");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("list", "echo"), (body["object"]!.GetValue<string>(), body["model"]!.GetValue<string>()));
        var data = body["data"]!.AsArray();
        Assert.Equal(3, data.Count);
        Assert.Equal(data[0]!["embedding"]!.ToJsonString(), data[2]!["embedding"]!.ToJsonString());
        Assert.NotEqual(data[0]!["embedding"]!.ToJsonString(), data[1]!["embedding"]!.ToJsonString());
        Assert.Equal((3, 3), (body["usage"]!["prompt_tokens"]!.GetValue<int>(), body["usage"]!["total_tokens"]!.GetValue<int>()));
    }

    [Fact]
    public async Task PostEmbeddings_AnthropicModel_Returns400WithoutCallingTheUpstream()
    {
        using var response = await PostAsync("""{"model":"claude-sonnet-4-5","input":"x"}""");

        await AssertErrorAsync(response, "model", "unsupported_parameter");
        Assert.Contains("no embeddings API", (await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Empty(Upstream.Requests);
        var record = Assert.Single(await Gateway.UsageAsync(1));
        Assert.Equal(("embeddings", 400), (record.Endpoint, record.Status));
    }

    [Theory]
    [InlineData("{\"model\":\"echo\"}", "input", "missing_required_parameter")]
    [InlineData("{\"model\":\"echo\",\"input\":\"\"}", "input", "invalid_value")]
    [InlineData("{\"model\":\"echo\",\"input\":[]}", "input", "invalid_value")]
    [InlineData("{\"model\":\"echo\",\"input\":[\"a\",2]}", "input[1]", "invalid_type")]
    [InlineData("{\"model\":\"echo\",\"input\":\"x\",\"encoding_format\":\"int8\"}", "encoding_format", "invalid_value")]
    [InlineData("{\"model\":\"echo\",\"input\":\"x\",\"dimensions\":0}", "dimensions", "invalid_value")]
    [InlineData("{\"input\":\"x\"}", "model", "missing_required_parameter")]
    public async Task PostEmbeddings_InvalidRequest_Returns400NamingTheField(string body, string param, string code)
    {
        using var response = await PostAsync(body);

        await AssertErrorAsync(response, param, code);
    }

    [Fact]
    public async Task GenerateEmbedding_UnknownModel_SdkGets404()
    {
        var ex = await Assert.ThrowsAsync<ClientResultException>(() => Gateway.OpenAI().GetEmbeddingClient("nope").GenerateEmbeddingAsync("x"));

        Assert.Equal(404, ex.Status);
    }

    private static string OpenAIAnswer(string embedding) =>
        """{"object":"list","data":[{"object":"embedding","index":0,"embedding":EMBEDDING}],"model":"text-embedding-3-small","usage":{"prompt_tokens":5,"total_tokens":5}}"""
            .Replace("EMBEDDING", embedding.StartsWith('[') ? embedding : "\"" + embedding + "\"", StringComparison.Ordinal);

    private Task<HttpResponseMessage> PostAsync(string body) =>
        Gateway.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "v1/embeddings")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
            Headers = { { "Authorization", "Bearer " + GatewayFixture.ClientKey } },
        });

    private static async Task AssertErrorAsync(HttpResponseMessage response, string param, string code)
    {
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal((param, code), (error["param"]?.GetValue<string>(), error["code"]!.GetValue<string>()));
        Assert.Contains(param, error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
