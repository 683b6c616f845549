using System.Text;
using System.Text.Json;
using LlmGateway.Http;
using LlmGateway.Protocols.OpenAI;
using LlmGateway.Translation;

namespace LlmGateway.Tests.Unit.Protocols.OpenAI;

public class OpenAIChatCodecDecodeRequestTests
{
    [Fact]
    public void DecodeRequest_MinimalRequest_ReturnsModelAndUserText()
    {
        var request = Decode("""{"model":"gpt-4o","messages":[{"role":"user","content":"Hello"}]}""");

        Assert.Equal(WireFormat.OpenAIChat, request.Source);
        Assert.Equal("gpt-4o", request.Model);
        var message = Assert.Single(request.Messages);
        Assert.Equal(ChatRole.User, message.Role);
        Assert.Equal("Hello", Assert.IsType<TextPart>(Assert.Single(message.Parts)).Text);
        Assert.Null(request.MaxTokens);
        Assert.False(request.Stream);
        Assert.False(request.IncludeUsage);
        Assert.Empty(request.Extensions);
    }

    [Fact]
    public void DecodeRequest_SamplingLimitsAndFlags_MapsEveryField()
    {
        var request = Decode("""
            {"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],
             "max_tokens":100,"max_completion_tokens":200,"temperature":0.5,"top_p":0.9,"stop":"END",
             "user":"u-42","stream":true,"stream_options":{"include_usage":true},"parallel_tool_calls":false}
            """);

        Assert.Equal(200, request.MaxTokens);
        Assert.Equal(0.5, request.Temperature);
        Assert.Equal(0.9, request.TopP);
        Assert.Equal(["END"], request.StopSequences);
        Assert.Equal("u-42", request.User);
        Assert.True(request.Stream);
        Assert.True(request.IncludeUsage);
        Assert.False(request.ParallelToolCalls);
        Assert.Empty(request.Extensions);
    }

    [Fact]
    public void DecodeRequest_MaxTokensOnlyAndStopArray_UsesThem()
    {
        var request = Decode("""{"model":"m","messages":[{"role":"user","content":"hi"}],"max_tokens":64,"stop":["a","b"]}""");

        Assert.Equal(64, request.MaxTokens);
        Assert.Equal(["a", "b"], request.StopSequences);
    }

    [Fact]
    public void DecodeRequest_SystemAndDeveloperMessages_KeepTheirPositions()
    {
        var request = Decode("""
            {"model":"m","messages":[
              {"role":"system","content":"Be brief."},
              {"role":"user","content":"hi","name":"ann"},
              {"role":"developer","content":[{"type":"text","text":"Now in French."},{"type":"text","text":"Politely."}]},
              {"role":"user","content":"again"}]}
            """);

        Assert.Equal([ChatRole.System, ChatRole.User, ChatRole.Developer, ChatRole.User], request.Messages.Select(m => m.Role));
        Assert.Equal("ann", request.Messages[1].Name);
        Assert.Equal(["Now in French.", "Politely."], request.Messages[2].Parts.Cast<TextPart>().Select(p => p.Text));
    }

    [Fact]
    public void DecodeRequest_UserContentParts_MapsTextImagesAndFiles()
    {
        var request = Decode("""
            {"model":"m","messages":[{"role":"user","content":[
              {"type":"text","text":"Compare these."},
              {"type":"image_url","image_url":{"url":"https://example.com/cat.png","detail":"high"}},
              {"type":"image_url","image_url":{"url":"data:image/jpeg;base64,/9j/4AAQ"}},
              {"type":"file","file":{"filename":"report.pdf","file_data":"data:application/pdf;base64,JVBERi0x"}}]}]}
            """);

        var parts = Assert.Single(request.Messages).Parts;
        Assert.Equal(4, parts.Count);
        Assert.Equal("Compare these.", Assert.IsType<TextPart>(parts[0]).Text);
        var url = Assert.IsType<ImagePart>(parts[1]);
        Assert.Equal(("https://example.com/cat.png", null, null, "high"), (url.Url, url.MediaType, url.Data, url.Detail));
        var inline = Assert.IsType<ImagePart>(parts[2]);
        Assert.Equal((null, "image/jpeg", "/9j/4AAQ", null), (inline.Url, inline.MediaType, inline.Data, inline.Detail));
        var file = Assert.IsType<DocumentPart>(parts[3]);
        Assert.Equal(("application/pdf", "JVBERi0x", "report.pdf"), (file.MediaType, file.Data, file.Title));
    }

    [Fact]
    public void DecodeRequest_DataUriWithEscapedSlash_IsUnescaped()
    {
        var request = Decode("""{"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,ab\/cd"}}]}]}""");

        var image = Assert.IsType<ImagePart>(Assert.Single(Assert.Single(request.Messages).Parts));
        Assert.Equal(("image/png", "ab/cd"), (image.MediaType, image.Data));
    }

    [Fact]
    public void DecodeRequest_MultiTurnParallelToolCalls_KeepsIdsAndOrder()
    {
        var request = Decode("""
            {"model":"m","messages":[
              {"role":"user","content":"Weather in Paris and Rome?"},
              {"role":"assistant","content":null,"tool_calls":[
                {"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}},
                {"id":"call_2","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Rome\"}"}}]},
              {"role":"tool","tool_call_id":"call_1","content":"18C"},
              {"role":"tool","tool_call_id":"call_2","content":[{"type":"text","text":"22C"},{"type":"text","text":" sunny"}]},
              {"role":"assistant","content":"Paris 18C, Rome 22C."},
              {"role":"user","content":"Thanks"}]}
            """);

        var messages = request.Messages;
        Assert.Equal([ChatRole.User, ChatRole.Assistant, ChatRole.Tool, ChatRole.Tool, ChatRole.Assistant, ChatRole.User], messages.Select(m => m.Role));
        var calls = messages[1].Parts.Cast<ToolCallPart>().ToList();
        Assert.Equal(2, messages[1].Parts.Count);
        Assert.Equal(("call_1", "get_weather", """{"city":"Paris"}"""), (calls[0].Id, calls[0].Name, calls[0].Arguments));
        Assert.Equal(("call_2", "get_weather", """{"city":"Rome"}"""), (calls[1].Id, calls[1].Name, calls[1].Arguments));
        var first = Assert.IsType<ToolResultPart>(Assert.Single(messages[2].Parts));
        Assert.Equal(("call_1", false), (first.ToolCallId, first.IsError));
        Assert.Equal("18C", Assert.IsType<TextPart>(Assert.Single(first.Content)).Text);
        var second = Assert.IsType<ToolResultPart>(Assert.Single(messages[3].Parts));
        Assert.Equal("call_2", second.ToolCallId);
        Assert.Equal(["22C", " sunny"], second.Content.Cast<TextPart>().Select(p => p.Text));
        Assert.Equal("Paris 18C, Rome 22C.", Assert.IsType<TextPart>(Assert.Single(messages[4].Parts)).Text);
    }

    [Fact]
    public void DecodeRequest_AssistantReasoningContent_BecomesUnsignedReasoningFirst()
    {
        var request = Decode("""
            {"model":"m","messages":[{"role":"user","content":"2+2?"},
              {"role":"assistant","content":"4","reasoning_content":"Simple sum.","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{}"}}]}]}
            """);

        var parts = request.Messages[1].Parts;
        Assert.Equal(3, parts.Count);
        var reasoning = Assert.IsType<ReasoningPart>(parts[0]);
        Assert.Equal(("Simple sum.", null, null, null), (reasoning.Text, reasoning.Signature, reasoning.RedactedData, reasoning.Origin));
        Assert.Equal("4", Assert.IsType<TextPart>(parts[1]).Text);
        Assert.IsType<ToolCallPart>(parts[2]);
    }

    [Fact]
    public void DecodeRequest_ThinkingBlocks_ReplaceReasoningContentWithSignedParts()
    {
        var request = Decode("""
            {"model":"m","messages":[{"role":"user","content":"hi"},
              {"role":"assistant","content":"Hello","reasoning_content":"ignored",
               "thinking_blocks":[{"type":"thinking","thinking":"Greet back.","signature":"sig-1"},{"type":"redacted_thinking","data":"enc-2"}]}]}
            """);

        var parts = request.Messages[1].Parts;
        Assert.Equal(3, parts.Count);
        var thinking = Assert.IsType<ReasoningPart>(parts[0]);
        Assert.Equal(("Greet back.", "sig-1", null, WireFormat.AnthropicMessages), (thinking.Text, thinking.Signature, thinking.RedactedData, thinking.Origin));
        var redacted = Assert.IsType<ReasoningPart>(parts[1]);
        Assert.Equal(("", null, "enc-2", WireFormat.AnthropicMessages), (redacted.Text, redacted.Signature, redacted.RedactedData, redacted.Origin));
        Assert.Equal("Hello", Assert.IsType<TextPart>(parts[2]).Text);
    }

    [Fact]
    public void DecodeRequest_EmptyContent_LeavesNoParts()
    {
        var request = Decode("""
            {"model":"m","messages":[{"role":"user","content":""},{"role":"user","content":[]},
              {"role":"assistant","content":"","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":""}}]},
              {"role":"tool","tool_call_id":"c","content":""}]}
            """);

        Assert.Empty(request.Messages[0].Parts);
        Assert.Empty(request.Messages[1].Parts);
        var call = Assert.IsType<ToolCallPart>(Assert.Single(request.Messages[2].Parts));
        Assert.Equal("", call.Arguments);
        Assert.Empty(Assert.IsType<ToolResultPart>(Assert.Single(request.Messages[3].Parts)).Content);
    }

    [Fact]
    public void DecodeRequest_AssistantRefusal_BecomesText()
    {
        var request = Decode("""
            {"model":"m","messages":[{"role":"user","content":"x"},{"role":"assistant","content":null,"refusal":"I can't."},
              {"role":"assistant","content":[{"type":"refusal","refusal":"No."}]}]}
            """);

        Assert.Equal("I can't.", Assert.IsType<TextPart>(Assert.Single(request.Messages[1].Parts)).Text);
        Assert.Equal("No.", Assert.IsType<TextPart>(Assert.Single(request.Messages[2].Parts)).Text);
    }

    [Fact]
    public void DecodeRequest_Tools_MapsFunctionsAndKeepsBuiltInsRaw()
    {
        var request = Decode("""
            {"model":"m","messages":[{"role":"user","content":"hi"}],"tools":[
              {"type":"function","function":{"name":"get_weather","description":"Weather now","parameters":{"type":"object","properties":{"city":{"type":"string"}}},"strict":true}},
              {"type":"function","function":{"name":"ping"}},
              {"type":"web_search_preview","search_context_size":"low"}]}
            """);

        Assert.Equal(3, request.Tools.Count);
        var weather = request.Tools[0];
        Assert.Equal(("get_weather", "Weather now", true, null), (weather.Name, weather.Description, weather.Strict, weather.BuiltInType));
        Assert.Equal("""{"type":"object","properties":{"city":{"type":"string"}}}""", weather.Parameters.GetRawText());
        Assert.Equal(JsonValueKind.Undefined, request.Tools[1].Parameters.ValueKind);
        var builtIn = request.Tools[2];
        Assert.Equal("web_search_preview", builtIn.BuiltInType);
        Assert.Equal("""{"type":"web_search_preview","search_context_size":"low"}""", builtIn.Raw!.Value.GetRawText());
    }

    [Theory]
    [InlineData("\"auto\"", "Auto", null)]
    [InlineData("\"none\"", "None", null)]
    [InlineData("\"required\"", "Required", null)]
    [InlineData("""{"type":"function","function":{"name":"get_weather"}}""", "Tool", "get_weather")]
    public void DecodeRequest_ToolChoice_MapsMode(string choice, string mode, string? name)
    {
        var request = Decode(WithField("tool_choice", choice));

        Assert.Equal(new ToolChoice(Enum.Parse<ToolChoiceMode>(mode), name), request.ToolChoice);
    }

    [Theory]
    [InlineData("minimal")]
    [InlineData("low")]
    [InlineData("medium")]
    [InlineData("high")]
    [InlineData("xhigh")]
    public void DecodeRequest_ReasoningEffort_BecomesEffort(string effort)
    {
        var request = Decode(WithField("reasoning_effort", $"\"{effort}\""));

        Assert.Equal(new ReasoningConfig { Effort = effort }, request.Reasoning);
    }

    [Fact]
    public void DecodeRequest_ReasoningEffortNone_IsDisabled()
    {
        var request = Decode("""{"model":"m","messages":[{"role":"user","content":"hi"}],"reasoning_effort":"none"}""");

        Assert.Equal(new ReasoningConfig { Disabled = true }, request.Reasoning);
    }

    [Fact]
    public void DecodeRequest_ResponseFormatJsonSchema_KeepsEveryField()
    {
        var request = Decode("""
            {"model":"m","messages":[{"role":"user","content":"hi"}],
             "response_format":{"type":"json_schema","json_schema":{"name":"answer","description":"An answer","schema":{"type":"object"},"strict":true}}}
            """);

        var format = request.ResponseFormat!;
        Assert.Equal((ResponseFormatKind.JsonSchema, "answer", "An answer", true), (format.Kind, format.Name, format.Description, format.Strict));
        Assert.Equal("""{"type":"object"}""", format.Schema!.Value.GetRawText());
    }

    [Theory]
    [InlineData("text", "Text")]
    [InlineData("json_object", "JsonObject")]
    public void DecodeRequest_ResponseFormatTextOrJsonObject_MapsKind(string type, string kind)
    {
        var request = Decode(WithField("response_format", $$"""{"type":"{{type}}"}"""));

        Assert.Equal(new ResponseFormat(Enum.Parse<ResponseFormatKind>(kind)), request.ResponseFormat);
    }

    [Fact]
    public void DecodeRequest_OpenAIKnobsAtDefaults_AreDropped()
    {
        var request = Decode("""
            {"model":"m","messages":[{"role":"user","content":"hi"}],"n":1,"logprobs":false,"presence_penalty":0,
             "frequency_penalty":0.0,"store":true,"metadata":{"k":"v"},"service_tier":"auto","modalities":["text"],
             "logit_bias":{},"seed":null,"top_logprobs":null,"stream_options":null}
            """);

        Assert.Empty(request.Extensions);
    }

    [Theory]
    [InlineData("n", "2")]
    [InlineData("logprobs", "true")]
    [InlineData("top_logprobs", "3")]
    [InlineData("logit_bias", """{"50256":-100}""")]
    [InlineData("presence_penalty", "0.5")]
    [InlineData("frequency_penalty", "-1")]
    [InlineData("seed", "7")]
    [InlineData("audio", """{"voice":"alloy","format":"wav"}""")]
    [InlineData("modalities", """["text","audio"]""")]
    [InlineData("prediction", """{"type":"content","content":"x"}""")]
    [InlineData("web_search_options", "{}")]
    [InlineData("some_future_field", """{"a":[1,2]}""")]
    public void DecodeRequest_OpenAIOnlyKnob_KeptVerbatimInExtensions(string name, string value)
    {
        var request = Decode(WithField(name, value));

        var (key, element) = Assert.Single(request.Extensions);
        Assert.Equal(name, key);
        Assert.Equal(value, element.GetRawText());
    }

    [Theory]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}]}""", "model")]
    [InlineData("""{"model":"m"}""", "messages")]
    [InlineData("""{"model":"m","messages":[]}""", "messages")]
    [InlineData("""{"model":"m","messages":[{"content":"hi"}]}""", "messages[0].role")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":null}]}""", "messages[0].content")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":42}]}""", "messages[0].content")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"a"},{"role":"function","name":"f","content":"x"}]}""", "messages[1].role")]
    [InlineData("""{"model":"m","messages":[{"role":"robot","content":"x"}]}""", "messages[0].role")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"a"},{"type":"input_audio","input_audio":{"data":"UklG","format":"wav"}}]}]}""", "messages[0].content[1]")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":[{"type":"file","file":{"file_id":"file-abc"}}]}]}""", "messages[0].content[0]")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":[{"type":"file","file":{"file_data":"JVBERi0x"}}]}]}""", "messages[0].content[0].file.file_data")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"detail":"low"}}]}]}""", "messages[0].content[0].image_url.url")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"a"},{"role":"user","content":[{"type":"text","text":"b"},{"type":"image_url","image_url":{"url":"data:image/png,rawbytes"}}]}]}""", "messages[1].content[1].image_url")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":[{"type":"video","video":{}}]}]}""", "messages[0].content[0].type")]
    [InlineData("""{"model":"m","messages":[{"role":"system","content":[{"type":"image_url","image_url":{"url":"https://x/y.png"}}]}]}""", "messages[0].content[0].type")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"a"},{"role":"tool","content":"x"}]}""", "messages[1].tool_call_id")]
    [InlineData("""{"model":"m","messages":[{"role":"assistant","tool_calls":[{"type":"function","function":{"name":"f","arguments":"{}"}}]}]}""", "messages[0].tool_calls[0].id")]
    [InlineData("""{"model":"m","messages":[{"role":"assistant","tool_calls":[{"id":"c","type":"custom","custom":{"name":"f","input":"x"}}]}]}""", "messages[0].tool_calls[0].type")]
    [InlineData("""{"model":"m","messages":[{"role":"assistant","content":"x","function_call":{"name":"f","arguments":"{}"}}]}""", "messages[0].function_call")]
    [InlineData("""{"model":"m","messages":[{"role":"assistant","thinking_blocks":[{"type":"summary","text":"x"}]}]}""", "messages[0].thinking_blocks[0].type")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"hi"}],"reasoning_effort":"extreme"}""", "reasoning_effort")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"description":"x"}}]}""", "tools[0].function.name")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"hi"}],"tool_choice":"sometimes"}""", "tool_choice")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"hi"}],"response_format":{"type":"json_schema"}}""", "response_format.json_schema")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"hi"}],"max_tokens":-1}""", "max_tokens")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"hi"}],"max_completion_tokens":1.5}""", "max_completion_tokens")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"hi"}],"temperature":"hot"}""", "temperature")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"hi"}],"stop":["ok",1]}""", "stop[1]")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"hi"}],"stream":"yes"}""", "stream")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"hi"}],"stream_options":{"include_usage":1}}""", "stream_options.include_usage")]
    public void DecodeRequest_InvalidInput_Throws400NamingParam(string body, string param)
    {
        var error = Assert.Throws<GatewayErrorException>(() => Decode(body)).Error;

        Assert.Equal(400, error.Status);
        Assert.Equal(param, error.Param);
        Assert.Contains(param, error.Message, StringComparison.Ordinal);
    }

    private static string WithField(string name, string value) =>
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"" + name + "\":" + value + "}";

    private static CanonicalRequest Decode(string json) =>
        OpenAIChatCodec.DecodeRequest(Encoding.UTF8.GetBytes(json));
}
