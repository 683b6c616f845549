using LlmGateway.Translation;
using static LlmGateway.Tests.Unit.Protocols.Anthropic.AnthropicJson;

namespace LlmGateway.Tests.Unit.Protocols.Anthropic;

/// <summary>Canonical requests as the OpenAI Chat decoder produces them, encoded for an Anthropic upstream.</summary>
public class AnthropicCodecEncodeRequestTests
{
    [Fact]
    public void EncodeRequest_PlainChat_WritesUpstreamModelDefaultLimitAndMessages()
    {
        var request = Chat(
            Message(ChatRole.User, new TextPart("Hi")),
            Message(ChatRole.Assistant, new TextPart("Hello!")),
            Message(ChatRole.User, new TextPart("How are you?")));

        var json = Encode(request, "claude-sonnet-4-5", defaultMaxTokens: 4096);

        Equal("""
            {"model":"claude-sonnet-4-5","max_tokens":4096,"messages":[
              {"role":"user","content":[{"type":"text","text":"Hi"}]},
              {"role":"assistant","content":[{"type":"text","text":"Hello!"}]},
              {"role":"user","content":[{"type":"text","text":"How are you?"}]}]}
            """, json);
    }

    [Fact]
    public void EncodeRequest_SystemAndDeveloperMessages_GoToTopLevelSystemInOrder()
    {
        var request = Chat(
            Message(ChatRole.System, new TextPart("You are helpful.")),
            Message(ChatRole.User, new TextPart("one")),
            Message(ChatRole.Developer, new TextPart("Answer in French."), new TextPart("")),
            Message(ChatRole.User, new TextPart("two")));

        var json = Encode(request);

        Equal("""
            {"model":"claude-upstream","max_tokens":8192,
             "system":[{"type":"text","text":"You are helpful."},{"type":"text","text":"Answer in French."}],
             "messages":[{"role":"user","content":[{"type":"text","text":"one"},{"type":"text","text":"two"}]}]}
            """, json);
    }

    [Fact]
    public void EncodeRequest_ConsecutiveSameRoleMessages_MergeAndEmptyOnesDrop()
    {
        var request = Chat(
            Message(ChatRole.User, new TextPart("a")),
            Message(ChatRole.User, new TextPart("b")),
            Message(ChatRole.Assistant, new TextPart("")),
            Message(ChatRole.User, new TextPart("c")),
            Message(ChatRole.Assistant, new TextPart("x")),
            Message(ChatRole.Assistant, new TextPart("y")));

        var json = Encode(request);

        Equal("""
            {"model":"claude-upstream","max_tokens":8192,"messages":[
              {"role":"user","content":[{"type":"text","text":"a"},{"type":"text","text":"b"},{"type":"text","text":"c"}]},
              {"role":"assistant","content":[{"type":"text","text":"x"},{"type":"text","text":"y"}]}]}
            """, json);
    }

    [Fact]
    public void EncodeRequest_MultiTurnParallelToolCalls_MergesToolResultsFirstIntoOneUserTurn()
    {
        var request = Chat(
            Message(ChatRole.User, new TextPart("Weather in Paris and Rome?")),
            Message(ChatRole.Assistant,
                new TextPart("Checking both."),
                new ToolCallPart("call_1", "get_weather", """{"city":"Paris"}"""),
                new ToolCallPart("call_2", "get_weather", """{ "city" : "Rome" }""")),
            Message(ChatRole.Tool, new ToolResultPart("call_1", [new TextPart("18C")], isError: false)),
            Message(ChatRole.Tool, new ToolResultPart("call_2", [new TextPart("24C")], isError: true)),
            Message(ChatRole.User, new TextPart("And tomorrow?")),
            Message(ChatRole.Assistant, new ToolCallPart("call_3", "forecast", "")),
            Message(ChatRole.Tool, new ToolResultPart("call_3", [], isError: false)));

        var json = Encode(request);

        Equal("""
            {"model":"claude-upstream","max_tokens":8192,"messages":[
              {"role":"user","content":[{"type":"text","text":"Weather in Paris and Rome?"}]},
              {"role":"assistant","content":[{"type":"text","text":"Checking both."},
                {"type":"tool_use","id":"call_1","name":"get_weather","input":{"city":"Paris"}},
                {"type":"tool_use","id":"call_2","name":"get_weather","input":{"city":"Rome"}}]},
              {"role":"user","content":[
                {"type":"tool_result","tool_use_id":"call_1","content":[{"type":"text","text":"18C"}]},
                {"type":"tool_result","tool_use_id":"call_2","content":[{"type":"text","text":"24C"}],"is_error":true},
                {"type":"text","text":"And tomorrow?"}]},
              {"role":"assistant","content":[{"type":"tool_use","id":"call_3","name":"forecast","input":{}}]},
              {"role":"user","content":[{"type":"tool_result","tool_use_id":"call_3"}]}]}
            """, json);
    }

    [Fact]
    public void EncodeRequest_ToolCallArguments_AreWrittenAsTheirExactJson()
    {
        var request = Chat(Message(ChatRole.Assistant, new ToolCallPart("c", "f", """{"a": [1, 2.50, "é"]}""")));

        var json = Encode(request);

        Assert.Contains("""
            "input":{"a": [1, 2.50, "é"]}
            """.Trim(), json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    [InlineData("{\"a\":")]
    [InlineData("{\"a\":1} trailing")]
    [InlineData("not json")]
    public void EncodeRequest_ArgumentsNotAJsonObject_Returns400NamingTheArguments(string arguments)
    {
        var request = Chat(
            Message(ChatRole.User, new TextPart("go")),
            Message(ChatRole.Assistant, new ToolCallPart("c1", "f", "{}"), new ToolCallPart("c2", "g", arguments)));

        var error = Error(() => Encode(request));

        Assert.Equal(400, error.Status);
        Assert.Equal("messages[1].tool_calls[1].function.arguments", error.Param);
    }

    [Fact]
    public void EncodeRequest_ThinkingWithToolUse_SendsSignedAnthropicThinkingFirstAndDropsTheRest()
    {
        var request = Chat(
            Message(ChatRole.User, new TextPart("q")),
            Message(ChatRole.Assistant,
                new TextPart("Let me look."),
                new ReasoningPart("Plan: call ls.") { Signature = "sig-1", Origin = WireFormat.AnthropicMessages },
                new ReasoningPart("") { RedactedData = "redacted-1", Origin = WireFormat.AnthropicMessages },
                new ReasoningPart("foreign thoughts") { Origin = WireFormat.OpenAIChat },
                new ReasoningPart("unsigned") { Signature = "", Origin = WireFormat.AnthropicMessages },
                new ToolCallPart("toolu_1", "ls", "{}")),
            Message(ChatRole.Tool, new ToolResultPart("toolu_1", [new TextPart("a.txt")], isError: false)));

        var json = Encode(request);

        Equal("""
            {"model":"claude-upstream","max_tokens":8192,"messages":[
              {"role":"user","content":[{"type":"text","text":"q"}]},
              {"role":"assistant","content":[
                {"type":"thinking","thinking":"Plan: call ls.","signature":"sig-1"},
                {"type":"redacted_thinking","data":"redacted-1"},
                {"type":"text","text":"Let me look."},
                {"type":"tool_use","id":"toolu_1","name":"ls","input":{}}]},
              {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":[{"type":"text","text":"a.txt"}]}]}]}
            """, json);
    }

    [Fact]
    public void EncodeRequest_AssistantWithOnlyForeignReasoning_IsDroppedAndUsersMerge()
    {
        var request = Chat(
            Message(ChatRole.User, new TextPart("a")),
            Message(ChatRole.Assistant, new ReasoningPart("thinking elsewhere") { Origin = WireFormat.OpenAIChat }),
            Message(ChatRole.User, new TextPart("b")));

        var json = Encode(request);

        Equal("""
            {"model":"claude-upstream","max_tokens":8192,"messages":[{"role":"user","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]}]}
            """, json);
    }

    [Fact]
    public void EncodeRequest_ImagesAndDocuments_MapToAnthropicSources()
    {
        var request = Chat(Message(ChatRole.User,
            new ImagePart { Url = "data:image/png;base64,iVBORw0KGgo=", Detail = "high" },
            new ImagePart { Url = "https://example.com/cat.jpg", Detail = "low" },
            new ImagePart { MediaType = "image/webp", Data = "UklGR" },
            new DocumentPart { MediaType = "application/pdf", Data = "JVBERi0x", Title = "report.pdf" },
            new DocumentPart { Text = "plain words", Title = "notes" },
            new DocumentPart { Url = "https://example.com/a.pdf" },
            new TextPart("Describe them.")));

        var json = Encode(request);

        Equal("""
            {"model":"claude-upstream","max_tokens":8192,"messages":[{"role":"user","content":[
              {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}},
              {"type":"image","source":{"type":"url","url":"https://example.com/cat.jpg"}},
              {"type":"image","source":{"type":"base64","media_type":"image/webp","data":"UklGR"}},
              {"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JVBERi0x"},"title":"report.pdf"},
              {"type":"document","source":{"type":"text","media_type":"text/plain","data":"plain words"},"title":"notes"},
              {"type":"document","source":{"type":"url","url":"https://example.com/a.pdf"}},
              {"type":"text","text":"Describe them."}]}]}
            """, json);
    }

    [Fact]
    public void EncodeRequest_ImageInToolResult_StaysInsideTheToolResult()
    {
        var request = Chat(
            Message(ChatRole.Assistant, new ToolCallPart("toolu_s", "screenshot", "{}")),
            Message(ChatRole.User, new ToolResultPart("toolu_s",
                [new TextPart("captured"), new ImagePart { MediaType = "image/jpeg", Data = "/9j/" }, new TextPart("")], isError: false)));

        var json = Encode(request);

        Equal("""
            {"model":"claude-upstream","max_tokens":8192,"messages":[
              {"role":"assistant","content":[{"type":"tool_use","id":"toolu_s","name":"screenshot","input":{}}]},
              {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_s","content":[
                {"type":"text","text":"captured"},{"type":"image","source":{"type":"base64","media_type":"image/jpeg","data":"/9j/"}}]}]}]}
            """, json);
    }

    [Theory]
    [InlineData("ftp://example.com/a.png")]
    [InlineData("data:image/png,notbase64")]
    public void EncodeRequest_ImageUrlAnthropicCannotFetch_Returns400(string url)
    {
        var request = Chat(Message(ChatRole.User, new TextPart("x")), Message(ChatRole.User, new ImagePart { Url = url }));

        var error = Error(() => Encode(request));

        Assert.Equal(("messages[1].content", 400), (error.Param, error.Status));
    }

    [Fact]
    public void EncodeRequest_Base64TextDocument_BecomesATextSource()
    {
        var request = Chat(Message(ChatRole.User, new DocumentPart { MediaType = "text/markdown", Data = "IyBUaXRsZQ==", Title = "README.md" }));

        var json = Encode(request);

        Equal("""
            {"model":"claude-upstream","max_tokens":8192,"messages":[{"role":"user","content":[
              {"type":"document","source":{"type":"text","media_type":"text/plain","data":"# Title"},"title":"README.md"}]}]}
            """, json);
    }

    [Fact]
    public void EncodeRequest_SystemMessageWithImage_Returns400()
    {
        var request = Chat(Message(ChatRole.System, new ImagePart { Url = "https://x/y.png" }));

        var error = Error(() => Encode(request));

        Assert.Equal((400, "messages[0].content"), (error.Status, error.Param));
    }
}
