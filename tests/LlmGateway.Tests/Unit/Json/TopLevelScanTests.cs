using System.Text;
using System.Text.Json;
using LlmGateway.Json;

namespace LlmGateway.Tests.Unit.Json;

public class TopLevelScanTests
{
    private static readonly TopLevelScan ModelAndStream = new("model", "stream", "messages");

    [Fact]
    public void Scan_ObjectWithTheNames_FindsEachRawValue()
    {
        const string json = """ { "model" : "gpt-4o" , "temperature": 0.5, "stream":true,"messages":[ {"model":"nested"} ] } """;

        var (root, found, count) = Scan(json);

        Assert.Equal(JsonTokenType.StartObject, root);
        Assert.Equal(4, count);
        Assert.Equal((JsonTokenType.String, "\"gpt-4o\""), Raw(json, found[0]));
        Assert.Equal((JsonTokenType.True, "true"), Raw(json, found[1]));
        Assert.Equal((JsonTokenType.StartArray, """[ {"model":"nested"} ]"""), Raw(json, found[2]));
    }

    [Theory]
    [InlineData("""{"model":1.5e3}""", JsonTokenType.Number, "1.5e3")]
    [InlineData("""{"model":-0}""", JsonTokenType.Number, "-0")]
    [InlineData("""{"model":null}""", JsonTokenType.Null, "null")]
    [InlineData("""{"model":false}""", JsonTokenType.False, "false")]
    [InlineData("""{"model":{"a":[1,{"b":2}]}}""", JsonTokenType.StartObject, """{"a":[1,{"b":2}]}""")]
    [InlineData("""{"model":"a\"b\\c\u00e9"}""", JsonTokenType.String, "\"a\\\"b\\\\c\\u00e9\"")]
    public void Scan_AnyKindOfValue_GivesItsTypeAndExactBytes(string json, JsonTokenType type, string raw)
    {
        var (_, found, _) = Scan(json);

        Assert.Equal((type, raw), Raw(json, found[0]));
    }

    [Fact]
    public void Scan_AbsentNames_AreNotFound()
    {
        var (root, found, count) = Scan("""{"other":{"model":"x","stream":true}}""");

        Assert.Equal(JsonTokenType.StartObject, root);
        Assert.Equal(1, count);
        Assert.All(found.ToArray(), slice => Assert.False(slice.Found));
    }

    [Fact]
    public void Scan_RepeatedName_LastWinsAsInAJsonDocument()
    {
        const string json = """{"model":"first","stream":false,"model":"second"}""";
        using var document = JsonDocument.Parse(json);

        var (_, found, count) = Scan(json);

        Assert.Equal(3, count);
        Assert.Equal(document.RootElement.GetProperty("model").GetString(), found[0].GetString(Encoding.UTF8.GetBytes(json)));
        Assert.Equal("second", found[0].GetString(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void Scan_EscapedNameAndValue_MatchesAndUnescapes()
    {
        const string json = """{"mod\u0065l":"gpt\u002d4o \ud83d\ude00"}""";

        var (_, found, _) = Scan(json);

        Assert.Equal("gpt-4o 😀", found[0].GetString(Encoding.UTF8.GetBytes(json)));
    }

    [Theory]
    [InlineData("[1,{\"model\":2}]", JsonTokenType.StartArray)]
    [InlineData("\"model\"", JsonTokenType.String)]
    [InlineData("  42  ", JsonTokenType.Number)]
    [InlineData("null", JsonTokenType.Null)]
    public void Scan_NotAnObject_GivesTheRootTypeAndFindsNothing(string json, JsonTokenType type)
    {
        var (root, found, count) = Scan(json);

        Assert.Equal(type, root);
        Assert.Equal(0, count);
        Assert.All(found.ToArray(), slice => Assert.False(slice.Found));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("{")]
    [InlineData("{\"model\":\"x\"} x")]
    [InlineData("{\"model\":\"x\"}{}")]
    [InlineData("[1] 2")]
    [InlineData("{\"model\":\"x\",}")]
    [InlineData("{\"model\":\"x\" /* c */}")]
    [InlineData("{'model':'x'}")]
    [InlineData("{\"model\":\"a\\xb\"}")]
    [InlineData("{\"model\":01}")]
    [InlineData("{\"a\":[1,2}")]
    [InlineData("\uFEFF{}")]
    public void Scan_MalformedJson_ThrowsWhatJsonDocumentThrows(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var expected = Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(bytes.AsMemory()));

        var error = Assert.ThrowsAny<JsonException>(() => ModelAndStream.Scan(bytes, new JsonSlice[3]));

        Assert.Equal(expected.Message, error.Message);
    }

    [Theory]
    [InlineData(63, false)]
    [InlineData(64, true)]
    [InlineData(200, true)]
    public void Scan_DeepNesting_FailsBeyondTheDocumentsDepthLimit(int depth, bool fails)
    {
        var json = "{\"x\":" + new string('[', depth) + new string(']', depth) + ",\"model\":\"m\"}";
        var bytes = Encoding.UTF8.GetBytes(json);
        var documentFails = Record.Exception(() => JsonDocument.Parse(bytes.AsMemory()).Dispose());

        var scanFails = Record.Exception(() => ModelAndStream.Scan(bytes, new JsonSlice[3]));

        Assert.Equal(fails, documentFails is not null);
        Assert.Equal(documentFails?.Message, scanFails?.Message);
    }

    [Fact]
    public void Scan_TooFewSlots_Throws()
    {
        Assert.Throws<ArgumentException>(() => ModelAndStream.Scan("{}"u8, new JsonSlice[2]));
    }

    [Theory]
    [InlineData("""{"messages":[]}""", true)]
    [InlineData("""{"messages":[ 	 ]}""", true)]
    [InlineData("""{"messages":[ {} ]}""", false)]
    [InlineData("""{"messages":{ }}""", true)]
    [InlineData("""{"messages":{"a":1}}""", false)]
    public void IsEmptyContainer_TellsEmptyArraysAndObjects(string json, bool empty)
    {
        var (_, found, _) = Scan(json);

        Assert.Equal(empty, found[2].IsEmptyContainer(Encoding.UTF8.GetBytes(json)));
    }

    private static (JsonTokenType Root, JsonSlice[] Found, int Count) Scan(string json)
    {
        var found = new JsonSlice[ModelAndStream.Count];
        var root = ModelAndStream.Scan(Encoding.UTF8.GetBytes(json), found, out var count);
        return (root, found, count);
    }

    private static (JsonTokenType Type, string Raw) Raw(string json, JsonSlice slice) =>
        (slice.TokenType, Encoding.UTF8.GetString(slice.Of(Encoding.UTF8.GetBytes(json))));
}
