using System.Text;
using System.Text.Json;
using LlmGateway.Execution;
using LlmGateway.Http;
using LlmGateway.Protocols.OpenAI;

namespace LlmGateway.Tests.Unit.Protocols.OpenAI;

public class ChatRequestInfoTests
{
    [Fact]
    public void Read_MinimalRequest_ReturnsModelAndNoStream()
    {
        var info = Read(Body(""));

        Assert.Equal(("gpt-4o", false, false), (info.Model, info.Stream, info.IncludeUsage));
    }

    [Theory]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}]}""")]
    [InlineData("""{"model":"","messages":[{"role":"user","content":"hi"}]}""")]
    [InlineData("""{"model":null,"messages":[{"role":"user","content":"hi"}]}""")]
    [InlineData("""{"model":4,"messages":[{"role":"user","content":"hi"}]}""")]
    public void Read_MissingModel_Throws400NamingModel(string body)
    {
        var error = ReadError(body);

        Assert.Equal(400, error.Status);
        Assert.Equal("model", error.Param);
    }

    [Theory]
    [InlineData("""{"model":"gpt-4o"}""")]
    [InlineData("""{"model":"gpt-4o","messages":"hi"}""")]
    [InlineData("""{"model":"gpt-4o","messages":{"role":"user"}}""")]
    [InlineData("""{"model":"gpt-4o","messages":[]}""")]
    public void Read_MessagesMissingNotArrayOrEmpty_Throws400NamingMessages(string body)
    {
        var error = ReadError(body);

        Assert.Equal(400, error.Status);
        Assert.Equal("messages", error.Param);
        Assert.Contains("'messages'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"true\"")]
    [InlineData("1")]
    [InlineData("{}")]
    public void Read_StreamNotBoolean_Throws400NamingStream(string stream)
    {
        var error = ReadError(Body(",\"stream\":" + stream));

        Assert.Equal(400, error.Status);
        Assert.Equal("stream", error.Param);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData("null", false)]
    public void Read_StreamBooleanOrNull_ReadsStream(string stream, bool expected)
    {
        var info = Read(Body(",\"stream\":" + stream));

        Assert.Equal(expected, info.Stream);
    }

    [Theory]
    [InlineData("""{"include_usage":true}""", true)]
    [InlineData("""{"include_usage":false}""", false)]
    [InlineData("""{"include_usage":null}""", false)]
    [InlineData("""{"other":1}""", false)]
    [InlineData("null", false)]
    public void Read_StreamOptions_ReadsIncludeUsage(string options, bool expected)
    {
        var info = Read(Body(",\"stream\":true,\"stream_options\":" + options));

        Assert.True(info.Stream);
        Assert.Equal(expected, info.IncludeUsage);
    }

    [Theory]
    [InlineData("true", "stream_options")]
    [InlineData("""{"include_usage":"yes"}""", "stream_options.include_usage")]
    public void Read_StreamOptionsOfWrongType_Throws400NamingIt(string options, string param)
    {
        var error = ReadError(Body(",\"stream\":true,\"stream_options\":" + options));

        Assert.Equal(400, error.Status);
        Assert.Equal(param, error.Param);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"gpt-4o\"")]
    public void Read_BodyNotAnObject_Throws400(string body)
    {
        var error = ReadError(body);

        Assert.Equal(400, error.Status);
        Assert.Null(error.Param);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]} x")]
    [InlineData("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\",}]}")]
    public void Read_MalformedJson_Throws400InvalidJsonAsTheParserDid(string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var expected = Assert.Throws<GatewayErrorException>(() => ChatExecutor.ParseJson(bytes)).Error;

        var error = Assert.Throws<GatewayErrorException>(() => ChatRequestInfo.Read(bytes)).Error;

        Assert.Equal(expected, error);
        Assert.Equal("invalid_json", error.Code);
    }

    [Fact]
    public void Read_Layout_PointsAtTheModelAndStreamOptionsValues()
    {
        const string body = """ {"stream_options": {"include_usage": false} ,"model" : "gpt-4o","messages":[{"role":"user","content":"hi"}],"stream":true}""";
        var bytes = Encoding.UTF8.GetBytes(body);

        var layout = ChatRequestInfo.Read(bytes).Layout;

        Assert.Equal("\"gpt-4o\"", Encoding.UTF8.GetString(layout.Model.Of(bytes)));
        Assert.Equal("{\"include_usage\": false}", Encoding.UTF8.GetString(layout.StreamOptions.Of(bytes)));
        Assert.True(layout.StreamOptionsHoldIncludeUsageOnly);
    }

    /// <summary>A valid request with <paramref name="moreFields"/> (each preceded by a comma) appended.</summary>
    private static string Body(string moreFields) =>
        """{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]""" + moreFields + "}";

    /// <summary>Reads the bytes, and checks the overload for a parsed document reads the same.</summary>
    private static ChatRequestInfo Read(string body)
    {
        var info = ChatRequestInfo.Read(Encoding.UTF8.GetBytes(body));
        using var document = JsonDocument.Parse(body);
        var fromElement = ChatRequestInfo.Read(document.RootElement);
        Assert.Equal((info.Model, info.Stream, info.IncludeUsage), (fromElement.Model, fromElement.Stream, fromElement.IncludeUsage));
        return info;
    }

    private static GatewayError ReadError(string body)
    {
        var error = Assert.Throws<GatewayErrorException>(() => ChatRequestInfo.Read(Encoding.UTF8.GetBytes(body))).Error;
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        Assert.Equal(error, Assert.Throws<GatewayErrorException>(() => ChatRequestInfo.Read(root)).Error);
        return error;
    }
}
