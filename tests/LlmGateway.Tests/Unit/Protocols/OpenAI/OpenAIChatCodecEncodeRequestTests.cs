using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LlmGateway.Http;
using LlmGateway.Protocols.OpenAI;
using LlmGateway.Translation;

namespace LlmGateway.Tests.Unit.Protocols.OpenAI;

public class OpenAIChatCodecEncodeRequestTests
{
    private static readonly OpenAIEncodeOptions Options = new();

    [Fact]
    public void EncodeRequest_AnthropicStyleRequest_WritesExactBody()
    {
        var request = Anthropic();
        request.Messages.Add(new CanonicalMessage(ChatRole.System, [new TextPart("You are terse.") { CacheControl = Json("""{"type":"ephemeral"}""") }]));
        request.Messages.Add(new CanonicalMessage(ChatRole.User, [new TextPart("Weather in Paris?")]));
        request.Tools.Add(new ToolDefinition("get_weather", "Current weather", Json("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"""))
        {
            CacheControl = Json("""{"type":"ephemeral"}"""),
        });
        request.ToolChoice = new ToolChoice(ToolChoiceMode.Tool, "get_weather");
        request.ParallelToolCalls = false;
        request.MaxTokens = 1024;
        request.Temperature = 0.2;
        request.TopP = 0.95;
        request.TopK = 40;
        request.StopSequences.AddRange(["\n\nHuman:", "END"]);
        request.Reasoning = new ReasoningConfig { BudgetTokens = 10000 };
        request.User = "user-1";
        request.Stream = true;

        var body = Encode(request, "gpt-4.1");

        AssertJson("""
            {"model":"gpt-4.1",
             "messages":[{"role":"system","content":"You are terse."},{"role":"user","content":"Weather in Paris?"}],
             "tools":[{"type":"function","function":{"name":"get_weather","description":"Current weather",
               "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}],
             "tool_choice":{"type":"function","function":{"name":"get_weather"}},
             "parallel_tool_calls":false,
             "max_tokens":1024,"temperature":0.2,"top_p":0.95,"top_k":40,"stop":["\n\nHuman:","END"],
             "reasoning_effort":"medium","user":"user-1","stream":true,"stream_options":{"include_usage":true}}
            """, body);
    }

    [Theory]
    [InlineData("max_tokens", null, 5000, 5000)]
    [InlineData("max_completion_tokens", null, 5000, 5000)]
    [InlineData("max_completion_tokens", 4096, 5000, 4096)]
    [InlineData("max_tokens", 8192, 5000, 5000)]
    public void EncodeRequest_MaxTokens_UsesConfiguredNameAndCeiling(string parameter, int? ceiling, int requested, int expected)
    {
        var request = UserText("hi");
        request.MaxTokens = requested;

        var body = Encode(request, "m", new OpenAIEncodeOptions { MaxTokensParameter = parameter, MaxOutputTokens = ceiling });

        AssertJson($$"""{"model":"m","messages":[{"role":"user","content":"hi"}],"{{parameter}}":{{expected}}}""", body);
    }

    [Fact]
    public void EncodeRequest_NoMaxTokensAndNoStream_OmitsThem()
    {
        var body = Encode(UserText("hi"), "m", new OpenAIEncodeOptions { MaxOutputTokens = 100 });

        AssertJson("""{"model":"m","messages":[{"role":"user","content":"hi"}]}""", body);
    }

    [Fact]
    public void EncodeRequest_MultiTurnToolUseWithErrorsAndImages_WritesToolMessagesThenImages()
    {
        var request = Anthropic();
        request.Messages.Add(new CanonicalMessage(ChatRole.User, [new TextPart("Check both.")]));
        request.Messages.Add(new CanonicalMessage(ChatRole.Assistant,
        [
            new ReasoningPart("Call both tools.") { Signature = "sig", Origin = WireFormat.AnthropicMessages },
            new TextPart("Checking."),
            new ToolCallPart("toolu_1", "screenshot", """{"url":"https://a.example"}"""),
            new ToolCallPart("toolu_2", "read_file", """{"path":"x.txt"}"""),
        ]));
        request.Messages.Add(new CanonicalMessage(ChatRole.User,
        [
            new ToolResultPart("toolu_1",
            [
                new TextPart("Here it is."),
                new ImagePart { MediaType = "image/png", Data = "iVBORw0KGgo=" },
                new ImagePart { Url = "https://a.example/shot.jpg" },
            ], isError: false),
            new ToolResultPart("toolu_2", [new TextPart("No such file.")], isError: true),
            new TextPart("What do you see?"),
        ]));

        var body = Encode(request, "m");

        AssertJson("""
            {"model":"m","messages":[
              {"role":"user","content":"Check both."},
              {"role":"assistant","content":"Checking.","tool_calls":[
                {"id":"toolu_1","type":"function","function":{"name":"screenshot","arguments":"{\"url\":\"https://a.example\"}"}},
                {"id":"toolu_2","type":"function","function":{"name":"read_file","arguments":"{\"path\":\"x.txt\"}"}}]},
              {"role":"tool","tool_call_id":"toolu_1","content":"Here it is."},
              {"role":"tool","tool_call_id":"toolu_2","content":"Error: No such file."},
              {"role":"user","content":[
                {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}},
                {"type":"image_url","image_url":{"url":"https://a.example/shot.jpg"}}]},
              {"role":"user","content":"What do you see?"}]}
            """, body);
    }

    [Fact]
    public void EncodeRequest_RunOfToolMessagesWithImages_ImagesFollowTheWholeRun()
    {
        var request = Anthropic();
        request.Messages.Add(new CanonicalMessage(ChatRole.Assistant, [new ToolCallPart("a", "f", "{}"), new ToolCallPart("b", "f", "{}")]));
        request.Messages.Add(new CanonicalMessage(ChatRole.Tool, [new ToolResultPart("a", [new ImagePart { Url = "https://x/1.png" }], isError: false)]));
        request.Messages.Add(new CanonicalMessage(ChatRole.Tool, [new ToolResultPart("b", [new TextPart("ok"), new TextPart("done")], isError: true)]));
        request.Messages.Add(new CanonicalMessage(ChatRole.Assistant, [new TextPart("Seen.")]));

        var body = Encode(request, "m");

        AssertJson("""
            {"model":"m","messages":[
              {"role":"assistant","content":null,"tool_calls":[
                {"id":"a","type":"function","function":{"name":"f","arguments":"{}"}},
                {"id":"b","type":"function","function":{"name":"f","arguments":"{}"}}]},
              {"role":"tool","tool_call_id":"a","content":""},
              {"role":"tool","tool_call_id":"b","content":[{"type":"text","text":"Error: ok"},{"type":"text","text":"done"}]},
              {"role":"user","content":[{"type":"image_url","image_url":{"url":"https://x/1.png"}}]},
              {"role":"assistant","content":"Seen."}]}
            """, body);
    }

    [Fact]
    public void EncodeRequest_ErrorResultWithoutText_SaysError()
    {
        var request = Anthropic();
        request.Messages.Add(new CanonicalMessage(ChatRole.User, [new ToolResultPart("a", [], isError: true)]));

        var body = Encode(request, "m");

        AssertJson("""{"model":"m","messages":[{"role":"tool","tool_call_id":"a","content":"Error"}]}""", body);
    }

    [Fact]
    public void EncodeRequest_SystemMessagesAnywhere_StayInPlaceWithTheirRole()
    {
        var request = Anthropic();
        request.Messages.Add(new CanonicalMessage(ChatRole.System, [new TextPart("Rule one."), new TextPart("Rule two.")]));
        request.Messages.Add(new CanonicalMessage(ChatRole.User, [new TextPart("hi")]) { Name = "ann" });
        request.Messages.Add(new CanonicalMessage(ChatRole.Assistant, [new TextPart("hello"), new TextPart(" there")]));
        request.Messages.Add(new CanonicalMessage(ChatRole.System, [new TextPart("Now be formal.")]));
        request.Messages.Add(new CanonicalMessage(ChatRole.Developer, [new TextPart("Dev note.")]));
        request.Messages.Add(new CanonicalMessage(ChatRole.User, []));

        var body = Encode(request, "m");

        AssertJson("""
            {"model":"m","messages":[
              {"role":"system","content":[{"type":"text","text":"Rule one."},{"type":"text","text":"Rule two."}]},
              {"role":"user","name":"ann","content":"hi"},
              {"role":"assistant","content":[{"type":"text","text":"hello"},{"type":"text","text":" there"}]},
              {"role":"system","content":"Now be formal."},
              {"role":"developer","content":"Dev note."},
              {"role":"user","content":""}]}
            """, body);
    }

    [Fact]
    public void EncodeRequest_UserImagesAndDocuments_WritesParts()
    {
        var request = Anthropic();
        request.Messages.Add(new CanonicalMessage(ChatRole.User,
        [
            new TextPart("Summarise."),
            new ImagePart { MediaType = "image/jpeg", Data = "/9j/4AAQ", Detail = "low" },
            new DocumentPart { MediaType = "application/pdf", Data = "JVBERi0x", Title = "report.pdf" },
            new DocumentPart { MediaType = "application/pdf", Data = "JVBERi0y" },
            new DocumentPart { MediaType = "text/plain", Text = "Plain notes." },
        ]));

        var body = Encode(request, "m");

        AssertJson("""
            {"model":"m","messages":[{"role":"user","content":[
              {"type":"text","text":"Summarise."},
              {"type":"image_url","image_url":{"url":"data:image/jpeg;base64,/9j/4AAQ","detail":"low"}},
              {"type":"file","file":{"filename":"report.pdf","file_data":"data:application/pdf;base64,JVBERi0x"}},
              {"type":"file","file":{"filename":"document.pdf","file_data":"data:application/pdf;base64,JVBERi0y"}},
              {"type":"text","text":"Plain notes."}]}]}
            """, body);
    }

    [Fact]
    public void EncodeRequest_DocumentByUrl_Throws400NamingPart()
    {
        var request = Anthropic();
        request.Messages.Add(new CanonicalMessage(ChatRole.User, [new TextPart("Read"), new DocumentPart { Url = "https://x/doc.pdf" }]));

        var error = EncodeError(request);

        Assert.Equal((400, "messages[0].content[1]"), (error.Status, error.Param));
    }

    [Fact]
    public void EncodeRequest_BuiltInTool_Throws400NamingTool()
    {
        var request = UserText("hi");
        request.Tools.Add(new ToolDefinition("get_weather", null, Json("{}")));
        request.Tools.Add(new ToolDefinition("web_search", null) { BuiltInType = "web_search_20250305", Raw = Json("""{"type":"web_search_20250305","name":"web_search"}""") });

        var error = EncodeError(request);

        Assert.Equal((400, "unsupported_parameter", "tools[1]"), (error.Status, error.Code, error.Param));
        Assert.Contains("web_search_20250305", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("container")]
    [InlineData("mcp_servers")]
    [InlineData("output_config")]
    public void EncodeRequest_ForeignExtension_Throws400NamingIt(string name)
    {
        var request = UserText("hi");
        request.Extensions[name] = Json("{}");

        var error = EncodeError(request);

        Assert.Equal((400, "unsupported_parameter", name), (error.Status, error.Code, error.Param));
    }

    [Fact]
    public void EncodeRequest_ContextManagement_IsLeftOut()
    {
        var request = UserText("hi");
        request.Extensions["context_management"] = Json("""{"edits":[{"type":"clear_tool_uses_20250919"}]}""");

        var body = Encode(request, "m");

        AssertJson("""{"model":"m","messages":[{"role":"user","content":"hi"}]}""", body);
    }

    [Theory]
    [InlineData("""{"Effort":"high"}""", "\"high\"")]
    [InlineData("""{"Effort":"max"}""", "\"xhigh\"")]
    [InlineData("""{"BudgetTokens":1024}""", "\"minimal\"")]
    [InlineData("""{"BudgetTokens":2048}""", "\"low\"")]
    [InlineData("""{"BudgetTokens":20000}""", "\"high\"")]
    [InlineData("""{"BudgetTokens":32000}""", "\"xhigh\"")]
    [InlineData("""{"BudgetTokens":100000}""", "\"xhigh\"")]
    [InlineData("""{"Adaptive":true}""", null)]
    [InlineData("""{"Disabled":true}""", null)]
    public void EncodeRequest_Reasoning_MapsToReasoningEffort(string config, string? effort)
    {
        var request = UserText("hi");
        request.Reasoning = JsonSerializer.Deserialize<ReasoningConfig>(config);

        var body = Encode(request, "m");

        var expected = effort is null ? "" : ",\"reasoning_effort\":" + effort;
        AssertJson("""{"model":"m","messages":[{"role":"user","content":"hi"}]""" + expected + "}", body);
    }

    [Theory]
    [InlineData("Auto", "\"auto\"")]
    [InlineData("None", "\"none\"")]
    [InlineData("Required", "\"required\"")]
    public void EncodeRequest_ToolChoice_MapsMode(string mode, string expected)
    {
        var request = UserText("hi");
        request.Tools.Add(new ToolDefinition("f", null, Json("""{"type":"object"}""")) { Strict = true });
        request.ToolChoice = new ToolChoice(Enum.Parse<ToolChoiceMode>(mode));

        var body = Encode(request, "m");

        AssertJson("""
            {"model":"m","messages":[{"role":"user","content":"hi"}],
             "tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"},"strict":true}}],
             "tool_choice":
            """ + expected + "}", body);
    }

    [Fact]
    public void EncodeRequest_ToolChoiceWithoutTools_IsLeftOut()
    {
        var request = UserText("hi");
        request.ToolChoice = new ToolChoice(ToolChoiceMode.None);
        request.ParallelToolCalls = false;

        var body = Encode(request, "m");

        AssertJson("""{"model":"m","messages":[{"role":"user","content":"hi"}]}""", body);
    }

    [Fact]
    public void EncodeRequest_ResponseFormats_WritesOpenAIShapes()
    {
        var schema = UserText("hi");
        schema.ResponseFormat = new ResponseFormat(ResponseFormatKind.JsonSchema) { Schema = Json("""{"type":"object"}""") };
        var named = UserText("hi");
        named.ResponseFormat = new ResponseFormat(ResponseFormatKind.JsonSchema) { Name = "answer", Description = "d", Schema = Json("{}"), Strict = true };
        var jsonObject = UserText("hi");
        jsonObject.ResponseFormat = new ResponseFormat(ResponseFormatKind.JsonObject);

        const string Prefix = """{"model":"m","messages":[{"role":"user","content":"hi"}],"response_format":""";
        AssertJson(Prefix + """{"type":"json_schema","json_schema":{"name":"response","schema":{"type":"object"}}}}""", Encode(schema, "m"));
        AssertJson(Prefix + """{"type":"json_schema","json_schema":{"name":"answer","description":"d","schema":{},"strict":true}}}""", Encode(named, "m"));
        AssertJson(Prefix + """{"type":"json_object"}}""", Encode(jsonObject, "m"));
    }

    [Fact]
    public void EncodeRequest_OpenAIRequestRoundTrip_WritesEquivalentBody()
    {
        const string Original = """
            {"model":"client-model","messages":[
               {"role":"developer","content":"Be brief."},
               {"role":"user","content":[{"type":"text","text":"What is this?"},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBOR","detail":"auto"}}]},
               {"role":"assistant","content":null,"tool_calls":[{"id":"call_9","type":"function","function":{"name":"lookup","arguments":"{\"q\":\"png\"}"}}]},
               {"role":"tool","tool_call_id":"call_9","content":"A logo."},
               {"role":"user","content":"Thanks"}],
             "tools":[{"type":"function","function":{"name":"lookup","description":"Search","parameters":{"type":"object"}}},{"type":"web_search_preview"}],
             "tool_choice":"auto","parallel_tool_calls":true,"max_completion_tokens":300,"temperature":1,"stop":["x"],
             "reasoning_effort":"none","response_format":{"type":"text"},"user":"u","seed":42,"logit_bias":{"1":2},
             "stream":true,"stream_options":{"include_usage":false}}
            """;
        var request = OpenAIChatCodec.DecodeRequest(Encoding.UTF8.GetBytes(Original));

        var body = Encode(request, "upstream-model", new OpenAIEncodeOptions { MaxTokensParameter = "max_completion_tokens" });

        AssertJson("""
            {"model":"upstream-model","messages":[
               {"role":"developer","content":"Be brief."},
               {"role":"user","content":[{"type":"text","text":"What is this?"},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBOR","detail":"auto"}}]},
               {"role":"assistant","content":null,"tool_calls":[{"id":"call_9","type":"function","function":{"name":"lookup","arguments":"{\"q\":\"png\"}"}}]},
               {"role":"tool","tool_call_id":"call_9","content":"A logo."},
               {"role":"user","content":"Thanks"}],
             "tools":[{"type":"function","function":{"name":"lookup","description":"Search","parameters":{"type":"object"}}},{"type":"web_search_preview"}],
             "tool_choice":"auto","parallel_tool_calls":true,"max_completion_tokens":300,"temperature":1,"stop":["x"],
             "reasoning_effort":"none","response_format":{"type":"text"},"user":"u","seed":42,"logit_bias":{"1":2},
             "stream":true,"stream_options":{"include_usage":true}}
            """, body);
    }

    [Fact]
    public void EncodeRequest_NonAsciiText_StaysUnescapedUtf8()
    {
        var body = Encode(UserText("Grüße, \"Welt\" 日本 <b>"), "m");

        Assert.Contains("Grüße, \\\"Welt\\\" 日本 <b>", body, StringComparison.Ordinal);
    }

    internal static void AssertJson(string expected, string actual)
    {
        var expectedNode = JsonNode.Parse(expected);
        var actualNode = JsonNode.Parse(actual);
        Assert.True(JsonNode.DeepEquals(expectedNode, actualNode), $"Expected:\n{expectedNode?.ToJsonString()}\nActual:\n{actualNode?.ToJsonString()}");
    }

    private static JsonElement Json(string json) => JsonSerializer.Deserialize<JsonElement>(json);

    private static CanonicalRequest Anthropic() => new() { Source = WireFormat.AnthropicMessages, Model = "claude-x" };

    private static CanonicalRequest UserText(string text)
    {
        var request = Anthropic();
        request.Messages.Add(new CanonicalMessage(ChatRole.User, [new TextPart(text)]));
        return request;
    }

    private static string Encode(CanonicalRequest request, string model, OpenAIEncodeOptions? options = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        OpenAIChatCodec.EncodeRequest(request, model, options ?? Options, buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static GatewayError EncodeError(CanonicalRequest request) =>
        Assert.Throws<GatewayErrorException>(() => Encode(request, "m")).Error;
}
