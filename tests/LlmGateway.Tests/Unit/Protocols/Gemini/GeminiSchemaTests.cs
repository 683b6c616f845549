using System.Buffers;
using System.Text;
using System.Text.Json;
using LlmGateway.Tests.Unit.Protocols.Gemini.Reference;
using LlmGateway.Protocols.Gemini;
using static LlmGateway.Tests.Unit.Protocols.Gemini.GeminiJson;

namespace LlmGateway.Tests.Unit.Protocols.Gemini;

/// <summary>JSON Schema → the OpenAPI subset Gemini accepts, and a Gemini client's schema → JSON Schema.</summary>
public class GeminiSchemaTests
{
    /// <summary>The sanitised schema, the element and the UTF-8 sanitisers agreeing byte for byte.</summary>
    private static string Sanitise(string schema) => GeminiSchemaDifferential.AssertSame(Element(schema));

    [Fact]
    public void Write_UnsupportedKeywords_AreLeftOut()
    {
        Equal("""
            {"type":"object","title":"Args","description":"d","properties":{
              "name":{"type":"string","minLength":1,"maxLength":10,"pattern":"^a"},
              "tags":{"type":"array","items":{"type":"string"},"minItems":1,"maxItems":5},
              "n":{"type":"number","minimum":0,"maximum":10}},
             "required":["name"]}
            """, Sanitise("""
            {"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"urn:x","$comment":"c","title":"Args","description":"d",
             "type":"object","additionalProperties":false,"unevaluatedProperties":false,"patternProperties":{"^x":{}},
             "examples":[{}],"default":{},"not":{"required":["x"]},"if":{},"then":{},
             "properties":{
               "name":{"type":"string","minLength":1,"maxLength":10,"pattern":"^a","default":"a","examples":["a"],"contentEncoding":"base64","contentMediaType":"text/plain"},
               "tags":{"type":"array","items":{"type":"string"},"uniqueItems":true,"minItems":1,"maxItems":5},
               "n":{"type":"number","exclusiveMinimum":0,"exclusiveMaximum":11,"minimum":0,"maximum":10,"multipleOf":2}},
             "required":["name","missing"]}
            """));
    }

    [Fact]
    public void Write_LocalRefs_AreInlinedWithSiblingsFirstAndDefsLeftOut()
    {
        Equal("""
            {"type":"object","properties":{
              "home":{"type":"object","description":"Where they live","properties":{"city":{"type":"string"},"zip":{"type":"string"}},"required":["city"]},
              "work":{"type":"object","description":"An address","properties":{"city":{"type":"string"},"zip":{"type":"string"}},"required":["city"]},
              "kind":{"type":"string","enum":["a","b"]}}}
            """, Sanitise("""
            {"type":"object","$defs":{"Address":{"type":"object","description":"An address","properties":{"city":{"type":"string"},"zip":{"type":"string"}},"required":["city"]}},
             "definitions":{"Kind":{"type":"string","enum":["a","b"]}},
             "properties":{
               "home":{"$ref":"#/$defs/Address","description":"Where they live"},
               "work":{"allOf":[{"$ref":"#/$defs/Address"}]},
               "kind":{"$ref":"#/definitions/Kind"}}}
            """));
    }

    [Fact]
    public void Write_AllOfWithSeveralMembers_MergesPropertiesAndRequiredFirstDefinitionWinning()
    {
        Equal("""
            {"type":"object","description":"outer","properties":{
              "id":{"type":"integer","description":"first"},
              "name":{"type":"string"},
              "extra":{"type":"boolean"}},
             "required":["id","name"]}
            """, Sanitise("""
            {"description":"outer","allOf":[
              {"type":"object","description":"inner","properties":{"id":{"type":"integer","description":"first"},"name":{"type":"string"}},"required":["id"]},
              {"properties":{"id":{"type":"string","description":"second"},"extra":{"type":"boolean"}},"required":["name","id","ghost"]}]}
            """));
    }

    [Fact]
    public void Write_RecursiveRef_BecomesAPlainObject()
    {
        Equal("""
            {"type":"object","properties":{"root":{"type":"object","properties":{
              "name":{"type":"string"},
              "children":{"type":"array","items":{"type":"object"}}}}}}
            """, Sanitise("""
            {"type":"object","$defs":{"Node":{"type":"object","properties":{"name":{"type":"string"},"children":{"type":"array","items":{"$ref":"#/$defs/Node"}}}}},
             "properties":{"root":{"$ref":"#/$defs/Node"}}}
            """));
    }

    [Fact]
    public void Write_RootRefAndUnresolvableRef_AreHandled()
    {
        Equal("""
            {"type":"object","properties":{"x":{"type":"integer"},"y":{"description":"elsewhere"}}}
            """, Sanitise("""
            {"$ref":"#/$defs/Args","$defs":{"Args":{"type":"object","properties":{"x":{"type":"integer"},"y":{"$ref":"other.json#/Y","description":"elsewhere"}}}}}
            """));
    }

    [Fact]
    public void Write_NullableForms_BecomeNullableAndAnyOf()
    {
        Equal("""
            {"type":"object","properties":{
              "a":{"type":"string","nullable":true},
              "b":{"type":"integer","nullable":true,"description":"optional count"},
              "c":{"nullable":true,"anyOf":[{"type":"string"},{"type":"integer"}]},
              "d":{"anyOf":[{"type":"string"},{"type":"number"}]},
              "e":{"anyOf":[{"type":"string"},{"type":"boolean"}]},
              "f":{"type":"string","nullable":true,"enum":["x","y"]},
              "g":{"type":"null"}}}
            """, Sanitise("""
            {"type":"object","properties":{
              "a":{"type":["string","null"]},
              "b":{"anyOf":[{"type":"integer"},{"type":"null"}],"description":"optional count","default":null},
              "c":{"anyOf":[{"type":"string"},{"type":"integer"},{"type":"null"}]},
              "d":{"oneOf":[{"type":"string"},{"type":"number"}]},
              "e":{"type":["string","boolean"]},
              "f":{"enum":["x","y",null]},
              "g":{"type":"null"}}}
            """));
    }

    [Fact]
    public void Write_ConstEnumsAndFormats_KeepOnlyWhatGeminiTakes()
    {
        Equal("""
            {"type":"object","properties":{
              "kind":{"type":"string","enum":["circle"]},
              "level":{"type":"integer","format":"int64"},
              "size":{"type":"number","format":"float"},
              "when":{"type":"string","format":"date-time"},
              "mail":{"type":"string"},
              "status":{"type":"string","format":"enum","enum":["on","off"]},
              "digit":{"type":"integer"}}}
            """, Sanitise("""
            {"properties":{
              "kind":{"const":"circle"},
              "level":{"type":"integer","format":"int64"},
              "size":{"type":"number","format":"float"},
              "when":{"type":"string","format":"date-time"},
              "mail":{"type":"string","format":"email"},
              "status":{"type":"string","format":"enum","enum":["on","off"]},
              "digit":{"type":"integer","enum":[1,2,3]}}}
            """));
    }

    [Fact]
    public void Write_EmptyPropertiesTupleItemsAndUppercaseTypes_AreNormalised()
    {
        Equal("""
            {"type":"object","properties":{
              "opts":{"type":"object"},
              "pair":{"type":"array","items":{"type":"string"}},
              "up":{"type":"string"}}}
            """, Sanitise("""
            {"type":"OBJECT","properties":{
              "opts":{"type":"object","properties":{},"required":["x"]},
              "pair":{"type":"array","items":[{"type":"string"},{"type":"number"}]},
              "up":{"type":"STRING"}}}
            """));
    }

    [Fact]
    public void Write_DeepNesting_IsCutToAnObject()
    {
        var schema = "{\"type\":\"string\"}";
        for (var i = 0; i < 40; i++)
        {
            schema = "{\"type\":\"array\",\"items\":" + schema + "}";
        }

        var output = Sanitise(schema);

        Assert.Contains("\"items\":{\"type\":\"object\"}", output, StringComparison.Ordinal);
        Assert.DoesNotContain("string", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"type":"object","properties":{}}""", true)]
    [InlineData("""{"type":"object"}""", true)]
    [InlineData("""{}""", true)]
    [InlineData("""{"type":"object","properties":{"a":{"type":"string"}}}""", false)]
    [InlineData("""{"$ref":"#/$defs/A","$defs":{"A":{"type":"object","properties":{"a":{}}}}}""", false)]
    [InlineData("""{"anyOf":[{"type":"object","properties":{"a":{}}},{"type":"object","properties":{"b":{}}}]}""", false)]
    public void DeclaresNothing_TellsWhetherParametersMustBeLeftOut(string schema, bool expected)
    {
        Assert.Equal(expected, ReferenceGeminiSchema.DeclaresNothing(Element(schema)));
        Assert.Equal(expected, GeminiSchema.DeclaresNothing(Encoding.UTF8.GetBytes(schema)));
    }

    [Fact]
    public void ToJsonSchema_GeminiDialect_LowercasesTypesAndTurnsNullableIntoNullType()
    {
        var schema = GeminiSchema.ToJsonSchema(Element("""
            {"type":"OBJECT","properties":{"a":{"type":"STRING","nullable":true,"format":"enum","enum":["x"]},
             "b":{"type":"ARRAY","items":{"type":"INTEGER"}},"c":{"anyOf":[{"type":"NUMBER"},{"type":"BOOLEAN"}]}},"required":["a"],"propertyOrdering":["a","b","c"]}
            """));

        Equal("""
            {"type":"object","properties":{"a":{"type":["string","null"],"format":"enum","enum":["x"]},
             "b":{"type":"array","items":{"type":"integer"}},"c":{"anyOf":[{"type":"number"},{"type":"boolean"}]}},"required":["a"],"propertyOrdering":["a","b","c"]}
            """, schema.GetRawText());
    }

    [Fact]
    public void ToJsonSchema_PlainJsonSchema_IsReturnedUntouched()
    {
        var document = JsonDocument.Parse("""{"type":"object","properties":{"type":{"type":"string"}}}""");

        var schema = GeminiSchema.ToJsonSchema(document.RootElement);

        Assert.Equal(document.RootElement, schema);
    }
}
