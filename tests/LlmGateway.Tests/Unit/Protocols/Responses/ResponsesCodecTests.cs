using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LlmGateway.Http;
using LlmGateway.Protocols.Responses;
using LlmGateway.Translation;
using LlmGateway.Usage;

namespace LlmGateway.Tests.Unit.Protocols.Responses;

/// <summary>Details of the Responses codec the golden cases do not pin down.</summary>
public class ResponsesCodecTests
{
    [Fact]
    public void DecodeRequest_StoreTrueAndStatelessHints_AcceptedWithoutExtensions()
    {
        var request = Decode("""{"model":"m","input":"Hi","store":true,"include":["reasoning.encrypted_content"],"metadata":{"k":"v"},"truncation":"auto","prompt_cache_key":"p","background":false,"previous_response_id":null}""");

        Assert.Empty(request.Extensions);
        var message = Assert.Single(request.Messages);
        Assert.Equal((ChatRole.User, "Hi"), (message.Role, ((TextPart)message.Parts[0]).Text));
    }

    [Theory]
    [InlineData("""{"model":"m","input":"Hi","conversation":"conv_1"}""", "conversation")]
    [InlineData("""{"model":"m","input":"Hi","reasoning":{"effort":"extreme"}}""", "reasoning.effort")]
    [InlineData("""{"model":"m"}""", "input")]
    [InlineData("""{"model":"m","input":[{"role":"user","content":[{"type":"input_image","file_id":"file_1"}]}]}""", "input[0].content[0].file_id")]
    [InlineData("""{"model":"m","input":[{"role":"assistant","content":[{"type":"input_image","image_url":"https://x/y.png"}]}]}""", "input[0].content[0]")]
    [InlineData("""{"model":"m","input":[{"role":"tool","content":"x"}]}""", "input[0].role")]
    [InlineData("""{"model":"m","input":[{"type":"function_call","name":"f","arguments":"{}"}]}""", "input[0].call_id")]
    [InlineData("""{"model":"m","input":[{"type":"web_search_call","id":"ws_1","status":"completed"}]}""", "input[0]")]
    [InlineData("""{"model":"m","input":[{"type":"reasoning","summary":[],"encrypted_content":"lgw1.bm90IGpzb24"}]}""", "input[0].encrypted_content")]
    [InlineData("""{"model":"m","input":"Hi","text":{"format":{"type":"json_schema","name":"x"}}}""", "text.format.schema")]
    [InlineData("""{"model":"m","input":"Hi","tools":[{"type":"function","name":"f","parameters":"x"}]}""", "tools[0].parameters")]
    public void DecodeRequest_InvalidOrUnsupported_400NamingTheParameter(string json, string param)
    {
        var error = Assert.Throws<GatewayErrorException>(() => Decode(json)).Error;

        Assert.Equal((400, param), (error.Status, error.Param));
    }

    [Fact]
    public void DecodeRequest_ReasoningFunctionCallAndMessageInARow_OneAssistantMessage()
    {
        var request = Decode("""
            {"model":"m","input":[
              {"role":"user","content":"Go"},
              {"type":"reasoning","summary":[{"type":"summary_text","text":"a"},{"type":"summary_text","text":"b"}]},
              {"type":"message","role":"assistant","content":[{"type":"output_text","text":"Calling."}]},
              {"type":"function_call","call_id":"c1","name":"f","arguments":"{}"},
              {"type":"function_call","call_id":"c2","name":"f","arguments":"{}"},
              {"type":"function_call_output","call_id":"c1","output":[{"type":"input_text","text":"one"},{"type":"input_image","image_url":"data:image/png;base64,AAA="}]},
              {"type":"function_call_output","call_id":"c2","output":"two"}]}
            """);

        Assert.Equal([ChatRole.User, ChatRole.Assistant, ChatRole.Tool, ChatRole.Tool], request.Messages.Select(m => m.Role));
        var assistant = request.Messages[1].Parts;
        Assert.Equal("a\n\nb", Assert.IsType<ReasoningPart>(assistant[0]).Text);
        Assert.Equal(["c1", "c2"], assistant.OfType<ToolCallPart>().Select(c => c.Id));
        var result = Assert.IsType<ToolResultPart>(Assert.Single(request.Messages[2].Parts));
        Assert.Equal("c1", result.ToolCallId);
        Assert.Equal(("image/png", "AAA="), (((ImagePart)result.Content[1]).MediaType, ((ImagePart)result.Content[1]).Data));
    }

    [Fact]
    public void DecodeRequest_UnknownFieldsAndVerbosity_KeptAsExtensionsForTheTargetToJudge()
    {
        var request = Decode("""{"model":"m","input":"Hi","text":{"verbosity":"low"},"x_future":1,"background":true,"tool_choice":{"type":"web_search"}}""");

        Assert.Equal(["background", "text.verbosity", "tool_choice", "x_future"], request.Extensions.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void DecodeRequest_IncludeLogprobs_KeptAsAnExtensionForTheTargetToReject()
    {
        var request = Decode("""{"model":"m","input":"Hi","include":["reasoning.encrypted_content","message.output_text.logprobs"]}""");

        Assert.Equal(["include"], request.Extensions.Keys);
    }

    [Fact]
    public void EncodeRequest_ResponsesClientExtensionsAndBuiltInTools_WrittenBackAsTheyCame()
    {
        var request = Decode("""{"model":"m","input":"Hi","text":{"verbosity":"low","format":{"type":"text"}},"tools":[{"type":"web_search","search_context_size":"low"}],"tool_choice":{"type":"web_search"},"x_future":[1]}""");

        var body = JsonNode.Parse(Encode(request))!;

        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"model":"up","input":[{"type":"message","role":"user","content":[{"type":"input_text","text":"Hi"}]}],"tools":[{"type":"web_search","search_context_size":"low"}],"text":{"format":{"type":"text"},"verbosity":"low"},"store":false,"tool_choice":{"type":"web_search"},"x_future":[1]}"""),
            body));
    }

    [Fact]
    public void EncodeResponse_RefusalAndNoUsage_IncompleteContentFilterWithZeroUsage()
    {
        var response = new CanonicalResponse { Id = "r1", Model = "m", Origin = WireFormat.OpenAIChat, Created = 5, StopReason = StopReason.Refusal };
        response.Content.Add(new TextPart("I can't help with that."));

        var body = JsonNode.Parse(EncodeResponse(response))!;

        Assert.Equal(("incomplete", "content_filter"), (body["status"]!.GetValue<string>(), body["incomplete_details"]!["reason"]!.GetValue<string>()));
        Assert.Equal(0, body["usage"]!["total_tokens"]!.GetValue<int>());
    }

    [Fact]
    public void DecodeResponse_FailedStatusWithError_ThrowsThatError()
    {
        var error = Assert.Throws<GatewayErrorException>(() => ResponsesCodec.DecodeResponse(
            """{"id":"resp_1","object":"response","status":"failed","error":{"code":"server_error","message":"boom"},"output":[]}"""u8)).Error;

        Assert.Equal(("server_error", "boom"), (error.Code, error.Message));
    }

    [Fact]
    public void DecodeResponse_RefusalPart_RefusalStopReason()
    {
        var response = ResponsesCodec.DecodeResponse(
            """{"id":"resp_1","status":"completed","model":"m","output":[{"type":"message","role":"assistant","content":[{"type":"refusal","refusal":"No."}]}],"usage":{"input_tokens":3,"output_tokens":1,"total_tokens":4}}"""u8);

        Assert.Equal((StopReason.Refusal, "No."), (response.StopReason, ((TextPart)response.Content[0]).Text));
        Assert.Equal(new TokenUsage(3, 1, 0, 0), response.Usage);
    }

    private static CanonicalRequest Decode(string json) => ResponsesCodec.DecodeRequest(JsonDocument.Parse(json).RootElement);

    private static string Encode(CanonicalRequest request)
    {
        var buffer = new ArrayBufferWriter<byte>();
        ResponsesCodec.EncodeRequest(request, "up", buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string EncodeResponse(CanonicalResponse response)
    {
        var buffer = new ArrayBufferWriter<byte>();
        ResponsesCodec.EncodeResponse(response, buffer, 9);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
