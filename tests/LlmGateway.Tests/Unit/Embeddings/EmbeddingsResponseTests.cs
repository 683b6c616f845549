using System.Text;
using System.Text.Json.Nodes;
using LlmGateway.Embeddings;
using LlmGateway.Http;

namespace LlmGateway.Tests.Unit.Embeddings;

public sealed class EmbeddingsResponseTests
{
    [Fact]
    public void Write_Base64_LittleEndianFloat32Bytes()
    {
        using var output = new PooledBuffer(256);

        EmbeddingsResponse.Write(output, [[1f, -2f]], base64: true, "m", 3);

        var body = JsonNode.Parse(Encoding.UTF8.GetString(output.Span))!;
        // 1.0f = 00 00 80 3F, -2.0f = 00 00 00 C0 (little-endian).
        Assert.Equal(Convert.ToBase64String([0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0]), body["data"]![0]!["embedding"]!.GetValue<string>());
        Assert.Equal((3, 3), (body["usage"]!["prompt_tokens"]!.GetValue<int>(), body["usage"]!["total_tokens"]!.GetValue<int>()));
    }

    [Fact]
    public void Write_Float_NumbersInOrderWithIndexes()
    {
        using var output = new PooledBuffer(256);

        EmbeddingsResponse.Write(output, [[0.25f], [0.5f, 1e-7f]], base64: false, "gemini-embedding-001", 0);

        Assert.Equal(
            """{"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.25]},{"object":"embedding","index":1,"embedding":[0.5,1E-07]}],"model":"gemini-embedding-001","usage":{"prompt_tokens":0,"total_tokens":0}}""",
            Encoding.UTF8.GetString(output.Span));
    }

    [Theory]
    [InlineData("""{"object":"list","data":[{"embedding":[1,2,{"x":[3]}]}],"model":"m","usage":{"total_tokens":9,"prompt_tokens":7}}""", 7)]
    [InlineData("""{"object":"list","data":[]}""", 0)]
    [InlineData("""not json""", 0)]
    public void PromptTokensOf_OpenAIAnswer_ReadsUsagePromptTokens(string answer, long expected)
    {
        Assert.Equal(expected, EmbeddingsResponse.PromptTokensOf(Encoding.UTF8.GetBytes(answer)));
    }
}
