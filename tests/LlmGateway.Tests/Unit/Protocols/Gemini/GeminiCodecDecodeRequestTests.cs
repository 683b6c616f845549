using System.Text.Json;
using LlmGateway.Protocols.Gemini;
using LlmGateway.Translation;
using static LlmGateway.Tests.Unit.Protocols.Gemini.GeminiJson;

namespace LlmGateway.Tests.Unit.Protocols.Gemini;

/// <summary>A Gemini client's generateContent body → canonical.</summary>
public class GeminiCodecDecodeRequestTests
{
    [Fact]
    public void DecodeRequest_SystemRolesAndTextParts_BecomeMessagesInOrder()
    {
        var request = Decode("""
            {"systemInstruction":{"parts":[{"text":"Be brief."},{"text":""},{"text":"Answer in French."}]},
             "contents":[
               {"parts":[{"text":"Hi"}]},
               {"role":"model","parts":[{"text":"Bonjour"}]},
               {"role":"user","parts":[{"text":"How"},{"text":" are you?"}]}]}
            """, "models/gemini-2.5-flash");

        Assert.Equal(WireFormat.Gemini, request.Source);
        Assert.Equal("gemini-2.5-flash", request.Model);
        Assert.False(request.Stream);
        Assert.Equal(
        [
            "System: text \"Be brief.\" | text \"Answer in French.\"",
            "User: text \"Hi\"",
            "Assistant: text \"Bonjour\"",
            "User: text \"How\" | text \" are you?\"",
        ], Describe(request.Messages));
    }

    [Fact]
    public void DecodeRequest_SystemInstructionAsString_IsOneSystemMessage()
    {
        var request = Decode("""{"systemInstruction":"Be brief.","contents":[{"parts":[{"text":"Hi"}]}]}""");

        Assert.Equal(["System: text \"Be brief.\"", "User: text \"Hi\""], Describe(request.Messages));
    }

    [Fact]
    public void DecodeCountTokensRequest_BareContentsOrWholeRequest_AreBothRead()
    {
        var bare = GeminiCodec.DecodeCountTokensRequest(Element("""{"contents":[{"parts":[{"text":"count me"}]}]}"""), "gemini-2.5-flash");
        var whole = GeminiCodec.DecodeCountTokensRequest(Element("""
            {"generateContentRequest":{"model":"models/gemini-2.5-flash","systemInstruction":{"parts":[{"text":"sys"}]},
             "contents":[{"parts":[{"text":"count me"}]}],"tools":[{"functionDeclarations":[{"name":"f"}]}]}}
            """), "models/gemini-2.5-flash");
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        GeminiCodec.EncodeCountTokensResponse(42, buffer);

        Assert.Equal(["User: text \"count me\""], Describe(bare.Messages));
        Assert.Equal(["System: text \"sys\"", "User: text \"count me\""], Describe(whole.Messages));
        Assert.Equal(("gemini-2.5-flash", 1), (whole.Model, whole.Tools.Count));
        Equal("""{"totalTokens":42}""", System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public void DecodeRequest_ThoughtPartsAndSignatures_BecomeGeminiReasoningAndPartSignatures()
    {
        var request = Decode("""
            {"contents":[
              {"role":"user","parts":[{"text":"Weather in Paris?"}]},
              {"role":"model","parts":[
                {"text":"I should call the tool.","thought":true,"thoughtSignature":"c2lnLTE="},
                {"functionCall":{"name":"get_weather","args":{"city":"Paris"}},"thoughtSignature":"c2lnLTI="},
                {"text":"","thoughtSignature":"c2lnLTM="}]}]}
            """);

        Assert.Equal(
        [
            "User: text \"Weather in Paris?\"",
            "Assistant: reasoning \"I should call the tool.\" origin=Gemini sig=c2lnLTE= | call call_1_1 get_weather {\"city\":\"Paris\"} sig=c2lnLTI= | text \"\" sig=c2lnLTM=",
        ], Describe(request.Messages));
    }

    [Fact]
    public void DecodeRequest_ParallelCallsWithoutIds_GetPositionalIdsAndResponsesPairByNameInOrder()
    {
        var request = Decode("""
            {"contents":[
              {"role":"user","parts":[{"text":"Weather in Paris and Rome, and the time?"}]},
              {"role":"model","parts":[
                {"functionCall":{"name":"get_weather","args":{"city":"Paris"}}},
                {"functionCall":{"name":"get_time","args":{}}},
                {"functionCall":{"name":"get_weather","args":{"city":"Rome"}}}]},
              {"role":"user","parts":[
                {"functionResponse":{"name":"get_weather","response":{"temp":18}}},
                {"functionResponse":{"name":"get_time","response":{"result":"12:00"}}},
                {"functionResponse":{"name":"get_weather","response":{"error":"no station"}}},
                {"text":"Thanks"}]}]}
            """);

        Assert.Equal(
        [
            "User: text \"Weather in Paris and Rome, and the time?\"",
            "Assistant: call call_1_0 get_weather {\"city\":\"Paris\"} | call call_1_1 get_time {} | call call_1_2 get_weather {\"city\":\"Rome\"}",
            "Tool: result call_1_0 [text \"{\"temp\":18}\"] | result call_1_1 [text \"12:00\"] | result call_1_2 error [text \"no station\"]",
            "User: text \"Thanks\"",
        ], Describe(request.Messages));
    }

    [Fact]
    public void DecodeRequest_IdsGivenAndLegacyFunctionRole_KeepTheIdsAndPairAnswersWithoutIds()
    {
        var request = Decode("""
            {"contents":[
              {"role":"model","parts":[
                {"functionCall":{"id":"fc-a","name":"lookup","args":{"q":"a"}}},
                {"functionCall":{"name":"lookup"}}]},
              {"role":"function","parts":[
                {"functionResponse":{"id":"fc-a","name":"lookup","response":{"output":"A"}}},
                {"functionResponse":{"name":"lookup","response":{"hits":[1,2]}}}]},
              {"role":"model","parts":[{"functionCall":{"name":"lookup","args":{"q":"c"}}}]},
              {"role":"user","parts":[{"functionResponse":{"name":"other","response":{}}}]}]}
            """);

        Assert.Equal(
        [
            "Assistant: call fc-a lookup {\"q\":\"a\"} | call call_0_1 lookup {}",
            "Tool: result fc-a [text \"A\"] | result call_0_1 [text \"{\"hits\":[1,2]}\"]",
            "Assistant: call call_2_0 lookup {\"q\":\"c\"}",
            "Tool: result call_3_0 [text \"{}\"]",
        ], Describe(request.Messages));
    }

    [Fact]
    public void DecodeRequest_InlineAndFileData_BecomeImagesAndDocuments()
    {
        var request = Decode("""
            {"contents":[{"role":"user","parts":[
              {"inlineData":{"mimeType":"image/png","data":"iVBORw0KGgo="}},
              {"inline_data":{"mime_type":"application/pdf","data":"JVBERi0="}},
              {"inlineData":{"mimeType":"text/plain","data":"aGVsbG8gd29ybGQ="}},
              {"fileData":{"mimeType":"image/jpeg","fileUri":"https://example.com/cat.jpg"}},
              {"fileData":{"mimeType":"application/pdf","fileUri":"https://generativelanguage.googleapis.com/v1beta/files/abc"}}]}]}
            """);

        Assert.Equal(
        [
            "User: image media=image/png data=iVBORw0KGgo= | document media=application/pdf data=JVBERi0= | document media=text/plain text=hello world"
                + " | image media=image/jpeg url=https://example.com/cat.jpg | document media=application/pdf url=https://generativelanguage.googleapis.com/v1beta/files/abc",
        ], Describe(request.Messages));
    }

    [Fact]
    public void DecodeRequest_FunctionResponseWithImageParts_KeepsTheImagesInTheResult()
    {
        var request = Decode("""
            {"contents":[
              {"role":"model","parts":[{"functionCall":{"id":"c1","name":"screenshot","args":{}}}]},
              {"role":"user","parts":[{"functionResponse":{"id":"c1","name":"screenshot","response":{"result":"done"},
                "parts":[{"inlineData":{"mimeType":"image/png","data":"AAAA"}}]}}]}]}
            """);

        Assert.Equal("Tool: result c1 [text \"done\" | image media=image/png data=AAAA]", Describe(request.Messages)[1]);
    }

    [Fact]
    public void DecodeRequest_Tools_FunctionDeclarationsWithLowercasedTypesAndBuiltInTools()
    {
        var request = Decode("""
            {"contents":[{"parts":[{"text":"x"}]}],
             "tools":[
               {"functionDeclarations":[
                 {"name":"get_weather","description":"Weather now","parameters":{"type":"OBJECT","properties":{
                   "city":{"type":"STRING","nullable":true},"days":{"type":"INTEGER"}},"required":["city"]}},
                 {"name":"ping"},
                 {"name":"search","parametersJsonSchema":{"type":"object","properties":{"q":{"type":["string","null"]}},"additionalProperties":false}}]},
               {"googleSearch":{}},
               {"codeExecution":{},"urlContext":{}}]}
            """);

        Assert.Equal(6, request.Tools.Count);
        var weather = request.Tools[0];
        Assert.Equal(("get_weather", "Weather now"), (weather.Name, weather.Description));
        Equal("""
            {"type":"object","properties":{"city":{"type":["string","null"]},"days":{"type":"integer"}},"required":["city"]}
            """, weather.Parameters.GetRawText());
        Assert.Equal(JsonValueKind.Undefined, request.Tools[1].Parameters.ValueKind);
        Equal("""
            {"type":"object","properties":{"q":{"type":["string","null"]}},"additionalProperties":false}
            """, request.Tools[2].Parameters.GetRawText());
        Assert.Equal(["googleSearch", "codeExecution", "urlContext"], request.Tools.Skip(3).Select(t => t.BuiltInType));
        Assert.Equal(["googleSearch", "codeExecution", "urlContext"], request.Tools.Skip(3).Select(t => t.Name));
        Equal("{}", request.Tools[3].Raw!.Value.GetRawText());
    }

    [Theory]
    [InlineData("""{"mode":"AUTO"}""", "Auto", null)]
    [InlineData("""{"mode":"VALIDATED"}""", "Auto", null)]
    [InlineData("""{"mode":"NONE"}""", "None", null)]
    [InlineData("""{"mode":"ANY"}""", "Required", null)]
    [InlineData("""{"mode":"ANY","allowedFunctionNames":["a","b"]}""", "Required", null)]
    [InlineData("""{"mode":"ANY","allowedFunctionNames":["get_weather"]}""", "Tool", "get_weather")]
    [InlineData("""{"mode":"any","allowed_function_names":["get_weather"]}""", "Tool", "get_weather")]
    public void DecodeRequest_FunctionCallingConfig_BecomesToolChoice(string config, string mode, string? name)
    {
        var request = Decode($$$"""{"contents":[],"toolConfig":{"functionCallingConfig":{{{config}}}}}""");

        Assert.Equal(new ToolChoice(Enum.Parse<ToolChoiceMode>(mode), name), request.ToolChoice);
    }

    [Fact]
    public void DecodeRequest_GenerationConfig_MapsSamplingLimitsStopsAndKeepsTheRestByName()
    {
        var request = Decode("""
            {"contents":[],
             "generationConfig":{"temperature":0.2,"topP":0.9,"topK":40,"maxOutputTokens":1024,"stopSequences":["END","STOP"],
               "candidateCount":1,"seed":7,"presencePenalty":0,"frequencyPenalty":0.5,"responseLogprobs":false,"logprobs":3,
               "responseModalities":["TEXT"],"mediaResolution":"MEDIA_RESOLUTION_LOW"},
             "safetySettings":[{"category":"HARM_CATEGORY_HARASSMENT","threshold":"BLOCK_NONE"}],
             "cachedContent":"cachedContents/abc","labels":{"team":"x"}}
            """);

        Assert.Equal((0.2, 0.9, 40, 1024), (request.Temperature, request.TopP, request.TopK, request.MaxTokens));
        Assert.Equal(["END", "STOP"], request.StopSequences);
        Assert.Equal(
            ["cachedContent", "generationConfig.frequencyPenalty", "generationConfig.logprobs", "generationConfig.mediaResolution", "generationConfig.seed", "labels"],
            request.Extensions.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("7", request.Extensions["generationConfig.seed"].GetRawText());
        Assert.Null(request.ResponseFormat);
        Assert.Null(request.Reasoning);
    }

    [Fact]
    public void DecodeRequest_SnakeCaseFieldsFromGoogleRestSamples_AreRead()
    {
        var request = Decode("""
            {"system_instruction":{"parts":[{"text":"sys"}]},"contents":[{"parts":[{"text":"hi"}]}],
             "generation_config":{"max_output_tokens":5,"thinking_config":{"thinking_budget":1024}},
             "tool_config":{"function_calling_config":{"mode":"NONE"}}}
            """);

        Assert.Equal(["System: text \"sys\"", "User: text \"hi\""], Describe(request.Messages));
        Assert.Equal(5, request.MaxTokens);
        Assert.Equal(new ReasoningConfig { BudgetTokens = 1024 }, request.Reasoning);
        Assert.Equal(ToolChoiceMode.None, request.ToolChoice!.Mode);
    }

    [Theory]
    [InlineData("""{"thinkingBudget":-1,"includeThoughts":true}""", false, null, true, false)]
    [InlineData("""{"thinkingBudget":0}""", false, null, false, true)]
    [InlineData("""{"thinkingBudget":2048,"includeThoughts":true}""", true, null, false, false)]
    [InlineData("""{"thinkingLevel":"high","includeThoughts":true}""", false, "high", false, false)]
    [InlineData("""{"thinkingLevel":"LOW"}""", false, "low", false, false)]
    [InlineData("""{"includeThoughts":true}""", false, null, true, false)]
    public void DecodeRequest_ThinkingConfig_BecomesReasoning(string config, bool budget, string? effort, bool adaptive, bool disabled)
    {
        var request = Decode($$$"""{"contents":[],"generationConfig":{"thinkingConfig":{{{config}}}}}""");

        Assert.Equal(
            new ReasoningConfig { BudgetTokens = budget ? 2048 : null, Effort = effort, Adaptive = adaptive, Disabled = disabled },
            request.Reasoning);
    }

    [Fact]
    public void DecodeRequest_ThinkingConfigWithoutThoughtsOrBudget_IsNoReasoning()
    {
        Assert.Null(Decode("""{"contents":[],"generationConfig":{"thinkingConfig":{"includeThoughts":false}}}""").Reasoning);
    }

    [Fact]
    public void DecodeRequest_JsonResponseMimeType_BecomesResponseFormat()
    {
        var jsonSchema = Decode("""
            {"contents":[],"generationConfig":{"responseMimeType":"application/json",
              "responseJsonSchema":{"type":"object","properties":{"a":{"type":"string"}},"additionalProperties":false}}}
            """).ResponseFormat!;
        var openApi = Decode("""
            {"contents":[],"generationConfig":{"responseMimeType":"application/json",
              "responseSchema":{"type":"ARRAY","items":{"type":"STRING"}}}}
            """).ResponseFormat!;
        var plain = Decode("""{"contents":[],"generationConfig":{"responseMimeType":"application/json"}}""").ResponseFormat!;

        Assert.Equal(ResponseFormatKind.JsonSchema, jsonSchema.Kind);
        Equal("""{"type":"object","properties":{"a":{"type":"string"}},"additionalProperties":false}""", jsonSchema.Schema!.Value.GetRawText());
        Assert.Equal(ResponseFormatKind.JsonSchema, openApi.Kind);
        Equal("""{"type":"array","items":{"type":"string"}}""", openApi.Schema!.Value.GetRawText());
        Assert.Equal(new ResponseFormat(ResponseFormatKind.JsonObject), plain);
    }

    [Fact]
    public void DecodeRequest_EnumMimeType_IsKeptAsExtensions()
    {
        var request = Decode("""
            {"contents":[],"generationConfig":{"responseMimeType":"text/x.enum","responseSchema":{"type":"STRING","enum":["a","b"]}}}
            """);

        Assert.Null(request.ResponseFormat);
        Assert.Equal(["generationConfig.responseMimeType", "generationConfig.responseSchema"], request.Extensions.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("""{"contents":[],"generationConfig":{"candidateCount":2}}""", "generationConfig.candidateCount")]
    [InlineData("""{"generationConfig":{}}""", "contents")]
    [InlineData("""{"contents":[{"role":"assistant","parts":[]}]}""", "contents[0].role")]
    [InlineData("""{"contents":[{"role":"user"}]}""", "contents[0].parts")]
    [InlineData("""{"contents":[{"role":"user","parts":[{"inlineData":{"mimeType":"audio/mp3","data":"AA=="}}]}]}""", "contents[0].parts[0]")]
    [InlineData("""{"contents":[{"role":"model","parts":[{"executableCode":{"language":"PYTHON","code":"1"}}]}]}""", "contents[0].parts[0]")]
    [InlineData("""{"contents":[{"role":"model","parts":[{"functionCall":{"args":{}}}]}]}""", "contents[0].parts[0].functionCall.name")]
    [InlineData("""{"contents":[],"generationConfig":{"thinkingConfig":{"thinkingLevel":"extreme"}}}""", "generationConfig.thinkingConfig.thinkingLevel")]
    [InlineData("""{"contents":[],"toolConfig":{"functionCallingConfig":{"mode":"SOMETIMES"}}}""", "toolConfig.functionCallingConfig.mode")]
    [InlineData("""{"contents":[],"tools":[{"functionDeclarations":[{"description":"no name"}]}]}""", "tools[0].functionDeclarations[0].name")]
    [InlineData("""{"contents":[],"tools":[{"functionDeclarations":[{"name":"f","parameters":"x"}]}]}""", "tools[0].functionDeclarations[0].parameters")]
    [InlineData("""{"contents":[],"tools":[{"functionDeclarations":[{"name":"f","parametersJsonSchema":[1]}]}]}""", "tools[0].functionDeclarations[0].parameters")]
    public void DecodeRequest_InvalidInput_Is400NamingTheParameter(string body, string param)
    {
        var error = Error(() => Decode(body));

        Assert.Equal(400, error.Status);
        Assert.Equal(param, error.Param);
    }
}
