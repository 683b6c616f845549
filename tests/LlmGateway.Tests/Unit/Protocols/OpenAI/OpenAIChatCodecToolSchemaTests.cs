using System.Buffers;
using System.Text;
using System.Text.Json;
using LlmGateway.Http;
using LlmGateway.Protocols.Anthropic;
using LlmGateway.Protocols.OpenAI;
using LlmGateway.Protocols.Responses;
using LlmGateway.Translation;

namespace LlmGateway.Tests.Unit.Protocols.OpenAI;

/// <summary>A Chat Completions tool's JSON Schema, decoded as bytes, on its way to each upstream format.</summary>
public class OpenAIChatCodecToolSchemaTests
{
    /// <summary>Spacing, escapes, an escaped name and an unusual number: any re-serialisation would change them.</summary>
    private const string Schema =
        "{ \"type\" :\"object\",\n\t\"properties\":{ \"ci\\u0074y\":{\"type\":\"string\",\"description\":\"caf\\u00e9 \\\"quoted\\\" \\/ é\"} } ,\r\n"
        + "  \"x-weight\": 1.50E+2 ,\"required\":[ \"city\" ] }";

    private static readonly string Body =
        """{"model":"m","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"get_weather","parameters":"""
        + Schema + "}}]}";

    [Theory]
    [InlineData("anthropic", "\"input_schema\":")]
    [InlineData("openai", "\"parameters\":")]
    [InlineData("responses", "\"parameters\":")]
    public void EncodeRequest_SchemaDecodedFromChat_IsCopiedByteForByte(string target, string property)
    {
        var request = OpenAIChatCodec.DecodeRequest(Encoding.UTF8.GetBytes(Body));

        var encoded = Encode(request, target);

        Assert.Contains(property + Schema, encoded, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodeRequest_ToolSchema_DoesNotPointIntoTheBody()
    {
        var body = Encoding.UTF8.GetBytes(Body);

        var request = OpenAIChatCodec.DecodeRequest(body);
        body.AsSpan().Fill((byte)' ');

        var tool = Assert.Single(request.Tools);
        Assert.Equal(Schema, Encoding.UTF8.GetString(tool.ParametersUtf8.Span));
        Assert.Equal("city", tool.Parameters.GetProperty("properties").EnumerateObject().Single().Name);
    }

    [Theory]
    [InlineData("null", "")]
    [InlineData("{\"a\":1}, \"parameters\":{\"b\":2}", "{\"b\":2}")]
    [InlineData("{\"a\":1}, \"parameters\":null", "")]
    public void DecodeRequest_ObjectOrNullParameters_KeepsTheLastUnlessNull(string parameters, string expected)
    {
        var request = OpenAIChatCodec.DecodeRequest(Encoding.UTF8.GetBytes(
            """{"model":"m","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f","parameters":"""
            + parameters + "}}]}"));

        Assert.Equal(expected, Encoding.UTF8.GetString(Assert.Single(request.Tools).ParametersUtf8.Span));
    }

    [Theory]
    [InlineData("\"x\"")]
    [InlineData("[ 1 ]")]
    [InlineData("true")]
    [InlineData("{\"a\":1}, \"parameters\":3")]
    public void DecodeRequest_NonObjectParameters_Rejected400NamingTheParameter(string parameters)
    {
        var error = Assert.Throws<GatewayErrorException>(() => OpenAIChatCodec.DecodeRequest(Encoding.UTF8.GetBytes(
            """{"model":"m","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f"}},{"type":"function","function":{"name":"g","parameters":"""
            + parameters + "}}]}"))).Error;

        Assert.Equal(400, error.Status);
        Assert.Equal("tools[1].function.parameters", error.Param);
        Assert.Equal("Invalid type for 'tools[1].function.parameters': expected an object.", error.Message);
    }

    private static string Encode(CanonicalRequest request, string target)
    {
        var buffer = new ArrayBufferWriter<byte>();
        switch (target)
        {
            case "anthropic":
                AnthropicCodec.EncodeRequest(request, "claude", new AnthropicEncodeOptions(), buffer);
                break;
            case "openai":
                OpenAIChatCodec.EncodeRequest(request, "gpt", new OpenAIEncodeOptions(), buffer);
                break;
            default:
                ResponsesCodec.EncodeRequest(request, "gpt", buffer);
                break;
        }

        var json = Encoding.UTF8.GetString(buffer.WrittenSpan);
        using (JsonDocument.Parse(json))
        {
            // Well-formed as a whole.
        }

        return json;
    }
}
