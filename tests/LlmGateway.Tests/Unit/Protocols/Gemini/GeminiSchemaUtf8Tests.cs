using System.Buffers;
using System.Text;
using System.Text.Json;
using LlmGateway.Json;
using LlmGateway.Protocols.Gemini;
using LlmGateway.Tests.Golden;

namespace LlmGateway.Tests.Unit.Protocols.Gemini;

/// <summary>
/// The byte sanitiser (<see cref="GeminiSchema.Write(Utf8JsonWriter, ReadOnlySpan{byte})"/>) against the element one:
/// the same bytes for the golden cases' schemas, generated schemas and edge cases.
/// </summary>
public class GeminiSchemaUtf8Tests
{
    private const string SampleSchema = """
        {"type":"object","properties":{"city":{"type":"string","description":"City name"},"days":{"type":"array","items":{"type":"string","enum":["saturday","sunday","monday"]}},"unit":{"type":"string","enum":["celsius","fahrenheit"]}},"required":["city","days"],"additionalProperties":false}
        """;

    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 25)];

    [Fact]
    public void Write_EveryObjectOfTheGoldenCases_MatchesElementSanitiser()
    {
        var objects = 0;
        foreach (var file in Directory.EnumerateFiles(GoldenCase.Root, "*.json", SearchOption.AllDirectories))
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(file));
            objects += EveryObject(document.RootElement);
        }

        Assert.True(objects > 1000, $"only {objects} objects found under {GoldenCase.Root}");
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Write_GeneratedSchemas_MatchesElementSanitiser(int seed)
    {
        var generator = new GeminiSchemaGenerator(seed);
        for (var i = 0; i < 200; i++)
        {
            GeminiSchemaDifferential.AssertSame(generator.Next());
        }
    }

    [Theory]
    [InlineData(SampleSchema)]
    [InlineData("""{"typ\u0065":"string","propert\u0069es":{"a":{}},"required":["a"]}""")]
    [InlineData("""{"properties":{"a":{"type":"string"}},"propert\u0069es":{"b":{}},"required":["a","b"]}""")]
    [InlineData("""{"properties":{"a":{}},"properties":{},"required":["a"]}""")]
    [InlineData("""{"properties":{"a":{}},"properties":null,"required":["a"]}""")]
    [InlineData("""{"properties":{"a":{},"a":{"type":"string"}},"required":["a","a"],"required":["a"]}""")]
    [InlineData("""{"$ref":"#"}""")]
    [InlineData("""{"properties":{"self":{"$ref":"#","description":"again"}}}""")]
    [InlineData("""{"allOf":[{"properties":{"x":{}},"required":["x","y"]},{"$ref":"#/allOf/0"},{"$ref":"#/allOf/00"},{"properties":{"y":{}},"required":["y","x"]}],"required":["x"]}""")]
    [InlineData("""{"$defs":{"a/b":{"type":"string"},"m~n":{"type":"integer"}},"properties":{"p":{"$ref":"#/$defs/a~1b"},"q":{"$ref":"#/$defs/m~0n"},"r":{"$ref":"#/$defs/m~01"}}}""")]
    [InlineData("""{"$ref":"#/$defs/D0","$defs":{"D0":{"$ref":"#/$defs/D1"},"D1":{"$ref":"#/$defs/D2"},"D2":{"$ref":"#/$defs/D3"},"D3":{"$ref":"#/$defs/D4"},"D4":{"$ref":"#/$defs/D5"},"D5":{"$ref":"#/$defs/D6"},"D6":{"$ref":"#/$defs/D7"},"D7":{"$ref":"#/$defs/D8"},"D8":{"$ref":"#/$defs/D9"},"D9":{"properties":{"deep":{}}}}}""")]
    [InlineData("""{"anyOf":[{"type":"null"}]}""")]
    [InlineData("""{"anyOf":[]}""")]
    [InlineData("""{"oneOf":[{"type":"string"},{"type":"null"}],"anyOf":null}""")]
    [InlineData("""{"anyOf":null,"anyOf":[{"type":"string"},{"type":"integer"}]}""")]
    [InlineData("""{"type":["string","integer"],"enum":["a"]}""")]
    [InlineData("""{"type":[],"nullable":true}""")]
    [InlineData("""{"type":["null"],"anyOf":[{"type":"null"},{"type":"string"}]}""")]
    [InlineData("""{"type":["NULL","Null"]}""")]
    [InlineData("""{"enum":[null,1,"a"]}""")]
    [InlineData("""{"enum":"a","const":"b"}""")]
    [InlineData("""{"const":null,"enum":null}""")]
    [InlineData("""{"items":[]}""")]
    [InlineData("""{"items":[1,{"type":"string"}]}""")]
    [InlineData("""{"items":null,"items":{"type":"string"}}""")]
    [InlineData("""{"description":{"nested":[1,2.50,"x\u00e9"]},"example":[1e5,-0,{"a":null,"b":true}],"title":12}""")]
    [InlineData("""{"properties":{"a\"b":{},"\u00e9":{},"\ud83d\ude00":{},"é":{}},"required":["a\"b","\u00e9","é","\ud83d\ude00","😀"]}""")]
    [InlineData("""{"description":"\ud800"}""")]
    [InlineData("""{"required":["\ud800"],"properties":{"a":{}}}""")]
    [InlineData("""{"properties":{"\udc00":{}}}""")]
    [InlineData("""{"$ref":"#/$defs/\u0041","$defs":{"A":{"type":"string","description":"line\nbreak \u2028 <&>"}}}""")]
    [InlineData("""{"$ref":1,"description":"not a reference"}""")]
    [InlineData("""{"$ref":"#/properties/a/type","properties":{"a":{"type":"string"}}}""")]
    [InlineData("""{"anyOf":[{"$ref":"#/$defs/A"},{"type":"null"}],"$defs":{"A":{"title":"A","properties":{"x":{"anyOf":[{"$ref":"#/$defs/A"},{"type":"null"}],"default":null}}}}}""")]
    [InlineData("""{"minimum":1.0E+2,"maximum":-0.0,"minItems":12345678901234567890123,"maxLength":0.5e-3}""")]
    [InlineData("""{"format":"date-time","type":"string","format":"email"}""")]
    [InlineData("""{"format":null,"format":"int64","type":"INTEGER"}""")]
    [InlineData("""{"nullable":null,"nullable":true,"type":"string"}""")]
    [InlineData("""{ "type" : "object" , "properties" : { "a" : { "type" : [ "string" , "null" ] } } , "required" : [ "a" ] }""")]
    [InlineData("""[]""")]
    [InlineData("""[{"type":"string"}]""")]
    [InlineData("""1.50""")]
    [InlineData("""null""")]
    [InlineData("""true""")]
    [InlineData("""{}""")]
    public void Write_EdgeCases_MatchesElementSanitiser(string schema)
    {
        GeminiSchemaDifferential.AssertSame(schema);
    }

    [Fact]
    public void Write_InvalidUtf8_MatchesElementSanitiser()
    {
        // JsonDocument takes invalid UTF-8 inside strings; what reads them as text fails the same way both ways.
        foreach (var template in new[] { """{"description":"?"}""", """{"properties":{"?":{}},"required":["?"]}""", """{"required":["?"],"properties":{"a":{}}}""", """{"type":"?"}""", """{"enum":["?"]}""" })
        {
            var bytes = Encoding.UTF8.GetBytes(template);
            bytes[Array.IndexOf(bytes, (byte)'?')] = 0xC3;
            using var document = JsonDocument.Parse(bytes);
            GeminiSchemaDifferential.AssertSame(document.RootElement);
        }
    }

    [Fact]
    public void Write_NoSchema_WritesAnEmptyObjectAndDeclaresNothing()
    {
        Assert.Equal("{}", GeminiSchemaDifferential.AssertSame(default(JsonElement)));
        Assert.True(GeminiSchema.DeclaresNothing(ReadOnlySpan<byte>.Empty));
    }

    /// <summary>Asserts the sanitisers agree on every object in <paramref name="element"/>; how many there were.</summary>
    private static int EveryObject(JsonElement element)
    {
        var count = 0;
        if (element.ValueKind == JsonValueKind.Object)
        {
            GeminiSchemaDifferential.AssertSame(element);
            count++;
            foreach (var member in element.EnumerateObject())
            {
                count += EveryObject(member.Value);
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                count += EveryObject(item);
            }
        }

        return count;
    }
}
