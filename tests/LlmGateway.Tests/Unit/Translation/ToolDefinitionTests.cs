using System.Text;
using System.Text.Json;
using LlmGateway.Translation;

namespace LlmGateway.Tests.Unit.Translation;

public class ToolDefinitionTests
{
    [Fact]
    public void Parameters_FromBytes_IsParsedOnceAndKept()
    {
        var tool = new ToolDefinition("f", null, Encoding.UTF8.GetBytes("""{ "type" : "object" }"""));

        var first = tool.Parameters;
        var second = tool.Parameters;

        Assert.Equal(JsonValueKind.Object, first.ValueKind);
        Assert.Equal("""{ "type" : "object" }""", first.GetRawText());
        Assert.True(JsonElement.DeepEquals(first, second));
        Assert.Equal(first.GetRawText(), second.GetRawText());
    }

    [Fact]
    public void ParametersUtf8_FromElement_OutlivesItsDocument()
    {
        ToolDefinition tool;
        using (var document = JsonDocument.Parse("""{"a":[1, 2]}"""))
        {
            tool = new ToolDefinition("f", "d", document.RootElement.GetProperty("a"));
        }

        Assert.Equal("[1, 2]", Encoding.UTF8.GetString(tool.ParametersUtf8.Span));
        Assert.False(tool.HasObjectParameters);
    }

    [Fact]
    public void Constructors_WithoutSchema_HaveNoParameters()
    {
        ToolDefinition[] tools = [new("f", null), new("f", null, default(JsonElement)), new("f", null, ReadOnlyMemory<byte>.Empty)];

        Assert.All(tools, tool =>
        {
            Assert.True(tool.ParametersUtf8.IsEmpty);
            Assert.False(tool.HasObjectParameters);
            Assert.Equal(JsonValueKind.Undefined, tool.Parameters.ValueKind);
        });
    }

    [Theory]
    [InlineData("""{"type":"object"}""", true)]
    [InlineData("{}", true)]
    [InlineData("[]", false)]
    [InlineData("\"object\"", false)]
    [InlineData("null", false)]
    public void HasObjectParameters_TellsWhetherTheSchemaIsAnObject(string schema, bool expected)
    {
        var tool = new ToolDefinition("f", null, Encoding.UTF8.GetBytes(schema));

        Assert.Equal(expected, tool.HasObjectParameters);
        Assert.Equal(expected, tool.Parameters.ValueKind == JsonValueKind.Object);
    }
}
