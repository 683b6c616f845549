using LlmGateway.Protocols.Gemini;
using LlmGateway.Translation;
using static LlmGateway.Tests.Unit.Protocols.Gemini.GeminiJson;

namespace LlmGateway.Tests.Unit.Protocols.Gemini;

/// <summary>Canonical requests as the OpenAI and Anthropic decoders produce them, encoded for a Gemini upstream.</summary>
public class GeminiCodecEncodeRequestTests
{
    [Fact]
    public void EncodeRequest_PlainChat_WritesContentsWithoutModelOrLimit()
    {
        var request = Chat(
            Message(ChatRole.User, new TextPart("Hi")),
            Message(ChatRole.Assistant, new TextPart("Hello!")),
            Message(ChatRole.User, new TextPart("How are you?")));

        Equal("""
            {"contents":[
              {"role":"user","parts":[{"text":"Hi"}]},
              {"role":"model","parts":[{"text":"Hello!"}]},
              {"role":"user","parts":[{"text":"How are you?"}]}]}
            """, Encode(request));
    }

    [Fact]
    public void EncodeRequest_SystemAndDeveloperMessages_GoToSystemInstructionAndSameSideMessagesMerge()
    {
        var request = Chat(
            Message(ChatRole.System, new TextPart("You are helpful.")),
            Message(ChatRole.User, new TextPart("one")),
            Message(ChatRole.Developer, new TextPart("Answer in French."), new TextPart("")),
            Message(ChatRole.User, new TextPart("two")),
            Message(ChatRole.Assistant, new TextPart("")),
            Message(ChatRole.Assistant, new TextPart("x")),
            Message(ChatRole.Assistant, new TextPart("y")));

        Equal("""
            {"systemInstruction":{"parts":[{"text":"You are helpful."},{"text":"Answer in French."}]},
             "contents":[
               {"role":"user","parts":[{"text":"one"},{"text":"two"}]},
               {"role":"model","parts":[{"text":"x"},{"text":"y"}]}]}
            """, Encode(request));
    }

    [Fact]
    public void EncodeRequest_ParallelToolCallsAndResults_OneModelAndOneUserContentWithNamesAndResponses()
    {
        var request = Chat(
            Message(ChatRole.User, new TextPart("Weather in Paris and Rome?")),
            Message(ChatRole.Assistant,
                new TextPart("Checking both."),
                new ToolCallPart("call_1", "get_weather", """{"city":"Paris"}"""),
                new ToolCallPart("call_2", "get_weather", """{ "city" : "Rome" }""")),
            Message(ChatRole.Tool, new ToolResultPart("call_1", [new TextPart("""{"temp":18}""")], isError: false)),
            Message(ChatRole.Tool, new ToolResultPart("call_2", [new TextPart("station down")], isError: true)),
            Message(ChatRole.User, new TextPart("And tomorrow?")),
            Message(ChatRole.Assistant, new ToolCallPart("call_3", "forecast", "")),
            Message(ChatRole.Tool, new ToolResultPart("call_3", [new TextPart("sunny"), new TextPart("warm")], isError: false)));

        Equal("""
            {"contents":[
              {"role":"user","parts":[{"text":"Weather in Paris and Rome?"}]},
              {"role":"model","parts":[
                {"text":"Checking both."},
                {"functionCall":{"id":"call_1","name":"get_weather","args":{"city":"Paris"}},"thoughtSignature":"skip_thought_signature_validator"},
                {"functionCall":{"id":"call_2","name":"get_weather","args":{"city":"Rome"}}}]},
              {"role":"user","parts":[
                {"functionResponse":{"id":"call_1","name":"get_weather","response":{"temp":18}}},
                {"functionResponse":{"id":"call_2","name":"get_weather","response":{"error":"station down"}}},
                {"text":"And tomorrow?"}]},
              {"role":"model","parts":[{"functionCall":{"id":"call_3","name":"forecast","args":{}},"thoughtSignature":"skip_thought_signature_validator"}]},
              {"role":"user","parts":[{"functionResponse":{"id":"call_3","name":"forecast","response":{"result":"sunny\nwarm"}}}]}]}
            """, Encode(request));
    }

    [Fact]
    public void EncodeRequest_GeminiSignaturesOnParts_GoBackAndNoPlaceholderIsAdded()
    {
        var request = Chat(
            Message(ChatRole.User, new TextPart("q")),
            Message(ChatRole.Assistant,
                new ReasoningPart("thinking...") { Origin = WireFormat.Gemini, ThoughtSignature = "c2lnLTE=" },
                new ReasoningPart("anthropic thinking") { Origin = WireFormat.AnthropicMessages, Signature = "EqQB" },
                new ReasoningPart("openai reasoning"),
                new ToolCallPart("c1", "f", "{}") { ThoughtSignature = "c2lnLTI=" },
                new ToolCallPart("c2", "f", "{}")),
            Message(ChatRole.Tool, new ToolResultPart("c1", [new TextPart("1")], false), new ToolResultPart("c2", [new TextPart("2")], false)),
            Message(ChatRole.Assistant, new TextPart("") { ThoughtSignature = "c2lnLTM=" }));

        Equal("""
            {"contents":[
              {"role":"user","parts":[{"text":"q"}]},
              {"role":"model","parts":[
                {"text":"thinking...","thought":true,"thoughtSignature":"c2lnLTE="},
                {"functionCall":{"id":"c1","name":"f","args":{}},"thoughtSignature":"c2lnLTI="},
                {"functionCall":{"id":"c2","name":"f","args":{}}}]},
              {"role":"user","parts":[
                {"functionResponse":{"id":"c1","name":"f","response":{"result":"1"}}},
                {"functionResponse":{"id":"c2","name":"f","response":{"result":"2"}}}]},
              {"role":"model","parts":[{"text":"","thoughtSignature":"c2lnLTM="}]}]}
            """, Encode(request));
    }

    [Fact]
    public void EncodeRequest_NoPlaceholderOption_SendsUnsignedCallsAsTheyAre()
    {
        var request = Chat(Message(ChatRole.Assistant, new ToolCallPart("c1", "f", """{"a":1}""")));

        Equal("""
            {"contents":[{"role":"model","parts":[{"functionCall":{"id":"c1","name":"f","args":{"a":1}}}]}]}
            """, Encode(request, new GeminiEncodeOptions { UnsignedCallSignature = null }));
    }

    [Fact]
    public void EncodeRequest_ImagesAndDocuments_BecomeInlineAndFileData()
    {
        var request = From(WireFormat.AnthropicMessages, Message(ChatRole.User,
            new ImagePart { MediaType = "image/png", Data = "iVBORw0KGgo=" },
            new ImagePart { Url = "data:image/jpeg;base64,/9j/4AAQ" },
            new ImagePart { Url = "https://example.com/cat.webp?size=large", Detail = "high" },
            new DocumentPart { MediaType = "application/pdf", Data = "JVBERi0=", Title = "Spec" },
            new DocumentPart { Text = "hello world" },
            new DocumentPart { Url = "https://example.com/report.pdf" }));

        Equal("""
            {"contents":[{"role":"user","parts":[
              {"inlineData":{"mimeType":"image/png","data":"iVBORw0KGgo="}},
              {"inlineData":{"mimeType":"image/jpeg","data":"/9j/4AAQ"}},
              {"fileData":{"mimeType":"image/webp","fileUri":"https://example.com/cat.webp?size=large"}},
              {"inlineData":{"mimeType":"application/pdf","data":"JVBERi0="}},
              {"inlineData":{"mimeType":"text/plain","data":"aGVsbG8gd29ybGQ="}},
              {"fileData":{"mimeType":"application/pdf","fileUri":"https://example.com/report.pdf"}}]}]}
            """, Encode(request));
    }

    [Fact]
    public void EncodeRequest_ToolResultsWithImagesInsideUserTurn_ResponsesFirstThenImagesThenText()
    {
        var request = From(WireFormat.AnthropicMessages,
            Message(ChatRole.Assistant, new ToolCallPart("toolu_1", "screenshot", "{}")),
            Message(ChatRole.User,
                new TextPart("Here it is"),
                new ToolResultPart("toolu_1", [new TextPart("captured"), new ImagePart { MediaType = "image/png", Data = "AAAA" }], isError: false)));

        Equal("""
            {"contents":[
              {"role":"model","parts":[{"functionCall":{"id":"toolu_1","name":"screenshot","args":{}},"thoughtSignature":"skip_thought_signature_validator"}]},
              {"role":"user","parts":[
                {"functionResponse":{"id":"toolu_1","name":"screenshot","response":{"result":"captured"}}},
                {"inlineData":{"mimeType":"image/png","data":"AAAA"}},
                {"text":"Here it is"}]}]}
            """, Encode(request));
    }

    [Fact]
    public void EncodeRequest_Tools_OneDeclarationsToolWithSanitisedSchemasAndToolChoice()
    {
        var request = Chat(Message(ChatRole.User, new TextPart("x")));
        request.Tools.Add(new ToolDefinition("get_weather", "Weather now", Element("""
            {"$schema":"http://json-schema.org/draft-07/schema#","type":"object","additionalProperties":false,
             "properties":{"city":{"type":"string","description":"City"},"unit":{"type":["string","null"],"enum":["c","f"]}},
             "required":["city","unit"]}
            """)));
        request.Tools.Add(new ToolDefinition("ping", null, Element("""{"type":"object","properties":{}}""")));
        request.Tools.Add(new ToolDefinition("now", null));
        request.ToolChoice = new ToolChoice(ToolChoiceMode.Tool, "get_weather");
        request.ParallelToolCalls = false;

        Equal("""
            {"contents":[{"role":"user","parts":[{"text":"x"}]}],
             "tools":[{"functionDeclarations":[
               {"name":"get_weather","description":"Weather now","parameters":{"type":"object",
                 "properties":{"city":{"type":"string","description":"City"},"unit":{"type":"string","nullable":true,"enum":["c","f"]}},
                 "required":["city","unit"]}},
               {"name":"ping"},
               {"name":"now"}]}],
             "toolConfig":{"functionCallingConfig":{"mode":"ANY","allowedFunctionNames":["get_weather"]}}}
            """, Encode(request));
    }

    [Theory]
    [InlineData("Auto", """{"mode":"AUTO"}""")]
    [InlineData("None", """{"mode":"NONE"}""")]
    [InlineData("Required", """{"mode":"ANY"}""")]
    public void EncodeRequest_ToolChoice_BecomesFunctionCallingMode(string mode, string expected)
    {
        var request = Chat(Message(ChatRole.User, new TextPart("x")));
        request.Tools.Add(new ToolDefinition("f", null));
        request.ToolChoice = new ToolChoice(Enum.Parse<ToolChoiceMode>(mode));

        Equal($$$"""
            {"contents":[{"role":"user","parts":[{"text":"x"}]}],"tools":[{"functionDeclarations":[{"name":"f"}]}],
             "toolConfig":{"functionCallingConfig":{{{expected}}}}}
            """, Encode(request));
    }

    [Fact]
    public void EncodeRequest_SamplingLimitsStopsFormatAndMappedExtensions_GoToGenerationConfig()
    {
        var request = Chat(Message(ChatRole.User, new TextPart("x")));
        request.MaxTokens = 4000;
        request.Temperature = 0.5;
        request.TopP = 0.8;
        request.TopK = 20;
        request.StopSequences.AddRange(["END", "###"]);
        request.ResponseFormat = new ResponseFormat(ResponseFormatKind.JsonSchema)
        {
            Name = "answer",
            Strict = true,
            Schema = Element("""{"type":"object","properties":{"n":{"type":"integer","format":"int32","minimum":0}},"required":["n"],"additionalProperties":false}"""),
        };
        request.User = "user-1";
        request.Extensions["seed"] = Element("42");
        request.Extensions["frequency_penalty"] = Element("0.3");
        request.Extensions["context_management"] = Element("""{"edits":[]}""");

        Equal("""
            {"contents":[{"role":"user","parts":[{"text":"x"}]}],
             "generationConfig":{"maxOutputTokens":3000,"temperature":0.5,"topP":0.8,"topK":20,"stopSequences":["END","###"],
               "responseMimeType":"application/json",
               "responseSchema":{"type":"object","properties":{"n":{"type":"integer","format":"int32","minimum":0}},"required":["n"]},
               "seed":42,"frequencyPenalty":0.3}}
            """, Encode(request, new GeminiEncodeOptions { MaxOutputTokens = 3000 }));
    }

    [Fact]
    public void EncodeRequest_JsonObjectFormat_IsTheMimeTypeAlone()
    {
        var request = Chat(Message(ChatRole.User, new TextPart("x")));
        request.ResponseFormat = new ResponseFormat(ResponseFormatKind.JsonObject);

        Equal("""
            {"contents":[{"role":"user","parts":[{"text":"x"}]}],"generationConfig":{"responseMimeType":"application/json"}}
            """, Encode(request));
    }

    [Theory]
    [InlineData("OpenAIChat", "high", 0, false, false, """{"thinkingBudget":16384,"includeThoughts":true}""")]
    [InlineData("OpenAIChat", "minimal", 0, false, false, """{"thinkingBudget":1024,"includeThoughts":true}""")]
    [InlineData("OpenAIChat", "none", 0, false, false, """{"thinkingBudget":0}""")]
    [InlineData("AnthropicMessages", "max", 0, false, false, """{"thinkingBudget":32768,"includeThoughts":true}""")]
    [InlineData("AnthropicMessages", null, 5000, false, false, """{"thinkingBudget":5000,"includeThoughts":true}""")]
    [InlineData("AnthropicMessages", null, 60000, false, false, """{"thinkingBudget":32768,"includeThoughts":true}""")]
    [InlineData("AnthropicMessages", "low", 4096, false, false, """{"thinkingBudget":4096,"includeThoughts":true}""")]
    [InlineData("AnthropicMessages", null, 0, true, false, """{"thinkingBudget":-1,"includeThoughts":true}""")]
    [InlineData("AnthropicMessages", null, 0, false, true, """{"thinkingBudget":0}""")]
    [InlineData("Gemini", "low", 0, false, false, """{"thinkingLevel":"low","includeThoughts":true}""")]
    [InlineData("Gemini", null, 60000, false, false, """{"thinkingBudget":60000,"includeThoughts":true}""")]
    public void EncodeRequest_Reasoning_BecomesThinkingConfig(string source, string? effort, int budget, bool adaptive, bool disabled, string expected)
    {
        var request = From(Enum.Parse<WireFormat>(source), Message(ChatRole.User, new TextPart("x")));
        request.Reasoning = new ReasoningConfig { Effort = effort, BudgetTokens = budget == 0 ? null : budget, Adaptive = adaptive, Disabled = disabled };

        Equal($$$"""
            {"contents":[{"role":"user","parts":[{"text":"x"}]}],"generationConfig":{"thinkingConfig":{{{expected}}}}}
            """, Encode(request));
    }

    [Fact]
    public void EncodeRequest_UnknownEffort_Is400NamingTheSourceParameter()
    {
        var request = From(WireFormat.AnthropicMessages, Message(ChatRole.User, new TextPart("x")));
        request.Reasoning = new ReasoningConfig { Effort = "ludicrous" };

        Assert.Equal("output_config.effort", Error(() => Encode(request)).Param);
    }

    [Theory]
    [InlineData("container")]
    [InlineData("logit_bias")]
    [InlineData("output_config.effort_extra")]
    public void EncodeRequest_ForeignExtension_Is400NamingIt(string name)
    {
        var request = Chat(Message(ChatRole.User, new TextPart("x")));
        request.Extensions[name] = Element("{}");

        var error = Error(() => Encode(request));

        Assert.Equal((400, "unsupported_parameter", name), (error.Status, error.Code, error.Param));
    }

    [Fact]
    public void EncodeRequest_AnotherProvidersBuiltInTool_Is400NamingIt()
    {
        var request = From(WireFormat.AnthropicMessages, Message(ChatRole.User, new TextPart("x")));
        request.Tools.Add(new ToolDefinition("get_weather", null));
        request.Tools.Add(new ToolDefinition("web_search", null) { BuiltInType = "web_search_20250305", Raw = Element("""{"type":"web_search_20250305","name":"web_search"}""") });

        Assert.Equal("tools[1]", Error(() => Encode(request)).Param);
    }

    [Fact]
    public void EncodeRequest_ToolResultWithoutItsCall_Is400()
    {
        var request = Chat(Message(ChatRole.Tool, new ToolResultPart("call_x", [new TextPart("1")], false)));

        var error = Error(() => Encode(request));

        Assert.Equal((400, "messages[0].content[0]"), (error.Status, error.Param));
    }

    [Fact]
    public void EncodeRequest_ToolArgumentsNotAnObject_Is400NamingThem()
    {
        var request = Chat(Message(ChatRole.Assistant, new ToolCallPart("c1", "f", "[1,2]")));

        Assert.Equal("messages[0].tool_calls[0].function.arguments", Error(() => Encode(request)).Param);
    }

    [Fact]
    public void EncodeRequest_GeminiClientRequest_RoundTripsBuiltInToolsAndExtensions()
    {
        const string Body = """
            {"contents":[{"role":"user","parts":[{"text":"Search it"}]}],
             "tools":[{"functionDeclarations":[{"name":"f","parameters":{"type":"OBJECT","properties":{"a":{"type":"STRING"}}}}]},{"googleSearch":{}}],
             "toolConfig":{"functionCallingConfig":{"mode":"AUTO"},"retrievalConfig":{"languageCode":"en"}},
             "generationConfig":{"seed":3,"thinkingConfig":{"thinkingLevel":"high","includeThoughts":true},"responseModalities":["TEXT"]},
             "safetySettings":[{"category":"HARM_CATEGORY_HATE_SPEECH","threshold":"BLOCK_NONE"}],
             "cachedContent":"cachedContents/c1"}
            """;

        Equal("""
            {"contents":[{"role":"user","parts":[{"text":"Search it"}]}],
             "tools":[{"functionDeclarations":[{"name":"f","parameters":{"type":"object","properties":{"a":{"type":"string"}}}}]},{"googleSearch":{}}],
             "toolConfig":{"functionCallingConfig":{"mode":"AUTO"},"retrievalConfig":{"languageCode":"en"}},
             "generationConfig":{"thinkingConfig":{"thinkingLevel":"high","includeThoughts":true},"seed":3},
             "cachedContent":"cachedContents/c1"}
            """, Encode(Decode(Body)));
    }
}
