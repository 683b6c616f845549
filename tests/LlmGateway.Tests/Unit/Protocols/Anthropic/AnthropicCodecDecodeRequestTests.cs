using LlmGateway.Translation;
using static LlmGateway.Tests.Unit.Protocols.Anthropic.AnthropicJson;

namespace LlmGateway.Tests.Unit.Protocols.Anthropic;

public class AnthropicCodecDecodeRequestTests
{
    [Fact]
    public void DecodeRequest_MinimalRequest_ReadsModelLimitAndUserText()
    {
        var request = Decode("""{"model":"claude-sonnet-4-5","max_tokens":1024,"messages":[{"role":"user","content":"Hello"}]}""");

        Assert.Equal(WireFormat.AnthropicMessages, request.Source);
        Assert.Equal("claude-sonnet-4-5", request.Model);
        Assert.Equal(1024, request.MaxTokens);
        var message = Assert.Single(request.Messages);
        Assert.Equal(ChatRole.User, message.Role);
        Assert.Equal("Hello", Assert.IsType<TextPart>(Assert.Single(message.Parts)).Text);
        Assert.False(request.Stream);
        Assert.Null(request.Reasoning);
        Assert.Null(request.ToolChoice);
        Assert.Empty(request.Extensions);
    }

    [Fact]
    public void DecodeRequest_SystemString_BecomesLeadingSystemMessage()
    {
        var request = Decode("""{"messages":[{"role":"user","content":"Hi"}],"system":"Be brief.","model":"m","max_tokens":5}""");

        Assert.Collection(request.Messages,
            m =>
            {
                Assert.Equal(ChatRole.System, m.Role);
                Assert.Equal("Be brief.", Assert.IsType<TextPart>(Assert.Single(m.Parts)).Text);
            },
            m => Assert.Equal(ChatRole.User, m.Role));
    }

    [Fact]
    public void DecodeRequest_SystemBlocks_KeepOrderAndCacheControl()
    {
        var request = Decode("""
            {"model":"m","max_tokens":5,"system":[{"type":"text","text":"You are Claude Code."},
             {"type":"text","text":"Project rules","cache_control":{"type":"ephemeral","ttl":"1h"}}],
             "messages":[{"role":"user","content":"Hi"}]}
            """);

        var system = request.Messages[0];
        Assert.Equal(ChatRole.System, system.Role);
        Assert.Collection(system.Parts,
            p =>
            {
                Assert.Equal("You are Claude Code.", Assert.IsType<TextPart>(p).Text);
                Assert.Null(p.CacheControl);
            },
            p =>
            {
                Assert.Equal("Project rules", Assert.IsType<TextPart>(p).Text);
                Assert.Equal("""{"type":"ephemeral","ttl":"1h"}""", p.CacheControl!.Value.GetRawText());
            });
    }

    [Fact]
    public void DecodeRequest_SystemRoleInsideMessages_BecomesSystemMessageAtThatPosition()
    {
        var request = Decode("""
            {"model":"m","max_tokens":5,"messages":[{"role":"user","content":"one"},{"role":"assistant","content":"two"},
             {"role":"system","content":[{"type":"text","text":"Now be terse."}]},{"role":"user","content":"three"}]}
            """);

        Assert.Equal([ChatRole.User, ChatRole.Assistant, ChatRole.System, ChatRole.User], request.Messages.Select(m => m.Role));
        Assert.Equal("Now be terse.", Assert.IsType<TextPart>(request.Messages[2].Parts[0]).Text);
    }

    [Fact]
    public void DecodeRequest_TextBlockWithCitationsAndCacheControl_KeepsTextAndCacheControl()
    {
        var request = Decode("""
            {"model":"m","max_tokens":5,"messages":[{"role":"assistant","content":[{"type":"text","text":"Per the doc",
             "citations":[{"type":"char_location","cited_text":"x","document_index":0,"start_char_index":0,"end_char_index":1}],
             "cache_control":{"type":"ephemeral"}}]}]}
            """);

        var part = Assert.IsType<TextPart>(Assert.Single(request.Messages[0].Parts));
        Assert.Equal("Per the doc", part.Text);
        Assert.Equal("""{"type":"ephemeral"}""", part.CacheControl!.Value.GetRawText());
    }

    [Fact]
    public void DecodeRequest_ImagesAndDocuments_MapEverySourceKind()
    {
        var request = Decode("""
            {"model":"m","max_tokens":5,"messages":[{"role":"user","content":[
              {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}},
              {"type":"image","source":{"type":"url","url":"https://example.com/cat.jpg"},"cache_control":{"type":"ephemeral"}},
              {"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JVBERi0x"},"title":"Spec","context":"c","citations":{"enabled":true}},
              {"type":"document","source":{"type":"text","media_type":"text/plain","data":"plain words"}},
              {"type":"document","source":{"type":"url","url":"https://example.com/a.pdf"}},
              {"type":"text","text":"What is this?"}]}]}
            """);

        Assert.Collection(request.Messages[0].Parts,
            p =>
            {
                var image = Assert.IsType<ImagePart>(p);
                Assert.Equal(("image/png", "iVBORw0KGgo=", (string?)null), (image.MediaType, image.Data, image.Url));
            },
            p =>
            {
                var image = Assert.IsType<ImagePart>(p);
                Assert.Equal(("https://example.com/cat.jpg", (string?)null), (image.Url, image.Data));
                Assert.NotNull(image.CacheControl);
            },
            p =>
            {
                var document = Assert.IsType<DocumentPart>(p);
                Assert.Equal(("application/pdf", "JVBERi0x", "Spec"), (document.MediaType, document.Data, document.Title));
            },
            p =>
            {
                var document = Assert.IsType<DocumentPart>(p);
                Assert.Equal(("text/plain", "plain words", (string?)null), (document.MediaType, document.Text, document.Data));
            },
            p => Assert.Equal("https://example.com/a.pdf", Assert.IsType<DocumentPart>(p).Url),
            p => Assert.Equal("What is this?", Assert.IsType<TextPart>(p).Text));
    }

    [Fact]
    public void DecodeRequest_ToolUse_KeepsTheRawInputTextExactly()
    {
        const string input = """{ "path" : "src/é.cs",  "lines": [1, 2.50],"q":"\"quoted\" \u00e9" }""";
        var request = Decode($$"""
            {"model":"m","max_tokens":5,"messages":[{"role":"user","content":"go"},{"role":"assistant","content":[
              {"type":"text","text":"Reading."},{"type":"tool_use","id":"toolu_01","name":"read","input":{{input}}}]}]}
            """);

        var assistant = request.Messages[1];
        Assert.Equal(ChatRole.Assistant, assistant.Role);
        var call = Assert.IsType<ToolCallPart>(assistant.Parts[1]);
        Assert.Equal(("toolu_01", "read", input), (call.Id, call.Name, call.Arguments));
    }

    [Fact]
    public void DecodeRequest_ToolResults_StayInsideTheUserMessage()
    {
        var request = Decode("""
            {"model":"m","max_tokens":5,"messages":[{"role":"user","content":[
              {"type":"tool_result","tool_use_id":"toolu_a","content":"42"},
              {"type":"tool_result","tool_use_id":"toolu_b","content":[{"type":"text","text":"see image"},
                {"type":"image","source":{"type":"base64","media_type":"image/jpeg","data":"/9j/"}}],"is_error":false,"cache_control":{"type":"ephemeral"}},
              {"type":"tool_result","tool_use_id":"toolu_c","content":"boom","is_error":true},
              {"type":"tool_result","tool_use_id":"toolu_d"},
              {"type":"text","text":"continue"}]}]}
            """);

        var parts = Assert.Single(request.Messages).Parts;
        Assert.Equal(5, parts.Count);
        var a = Assert.IsType<ToolResultPart>(parts[0]);
        Assert.Equal(("toolu_a", false), (a.ToolCallId, a.IsError));
        Assert.Equal("42", Assert.IsType<TextPart>(Assert.Single(a.Content)).Text);
        var b = Assert.IsType<ToolResultPart>(parts[1]);
        Assert.Equal("see image", Assert.IsType<TextPart>(b.Content[0]).Text);
        Assert.Equal("/9j/", Assert.IsType<ImagePart>(b.Content[1]).Data);
        Assert.NotNull(b.CacheControl);
        var c = Assert.IsType<ToolResultPart>(parts[2]);
        Assert.True(c.IsError);
        Assert.Empty(Assert.IsType<ToolResultPart>(parts[3]).Content);
        Assert.Equal("continue", Assert.IsType<TextPart>(parts[4]).Text);
    }

    [Fact]
    public void DecodeRequest_ThinkingBlocks_KeepSignatureAndRedactedDataWithTheirOrigin()
    {
        var request = Decode("""
            {"model":"m","max_tokens":5,"messages":[{"role":"user","content":"q"},{"role":"assistant","content":[
              {"type":"thinking","thinking":"Let me think.","signature":"EqQBCkgIAhABGAIiQ"},
              {"type":"redacted_thinking","data":"EmwKAhgBEgy3va3pzix"},
              {"type":"tool_use","id":"toolu_1","name":"ls","input":{}}]}]}
            """);

        var parts = request.Messages[1].Parts;
        var thinking = Assert.IsType<ReasoningPart>(parts[0]);
        Assert.Equal(("Let me think.", "EqQBCkgIAhABGAIiQ", (string?)null, WireFormat.AnthropicMessages),
            (thinking.Text, thinking.Signature, thinking.RedactedData, thinking.Origin));
        var redacted = Assert.IsType<ReasoningPart>(parts[1]);
        Assert.Equal(("", "EmwKAhgBEgy3va3pzix", WireFormat.AnthropicMessages), (redacted.Text, redacted.RedactedData, redacted.Origin));
        Assert.Equal("{}", Assert.IsType<ToolCallPart>(parts[2]).Arguments);
    }

    [Fact]
    public void DecodeRequest_EmptyContent_GivesEmptyTextOrNoParts()
    {
        var request = Decode("""{"model":"m","max_tokens":5,"messages":[{"role":"user","content":""},{"role":"assistant","content":[]}]}""");

        Assert.Equal("", Assert.IsType<TextPart>(Assert.Single(request.Messages[0].Parts)).Text);
        Assert.Empty(request.Messages[1].Parts);
    }

    [Theory]
    [InlineData("server_tool_use", """{"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{"query":"x"}}""")]
    [InlineData("web_search_tool_result", """{"type":"web_search_tool_result","tool_use_id":"srvtoolu_1","content":[]}""")]
    [InlineData("mcp_tool_use", """{"type":"mcp_tool_use","id":"mcptoolu_1","name":"n","server_name":"s","input":{}}""")]
    public void DecodeRequest_ServerToolBlockInHistory_Returns400NamingTheBlock(string type, string block)
    {
        var error = Error(() => Decode($$"""
            {"model":"m","max_tokens":5,"messages":[{"role":"user","content":"q"},{"role":"assistant","content":[{"type":"text","text":"a"},{{block}}]}]}
            """));

        Assert.Equal(400, error.Status);
        Assert.Equal("messages[1].content[1]", error.Param);
        Assert.Contains(type, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodeRequest_Tools_MapCustomToolsAndKeepBuiltInsRaw()
    {
        var request = Decode("""
            {"model":"m","max_tokens":5,"messages":[{"role":"user","content":"q"}],"tools":[
              {"name":"get_weather","description":"Weather for a city","input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]},"cache_control":{"type":"ephemeral"}},
              {"type":"custom","name":"ping","input_schema":{"type":"object"},"strict":true},
              {"type":"web_search_20250305","name":"web_search","max_uses":5},
              {"type":"bash_20250124","name":"bash"}]}
            """);

        Assert.Collection(request.Tools,
            t =>
            {
                Assert.Equal(("get_weather", "Weather for a city", (string?)null), (t.Name, t.Description, t.BuiltInType));
                Assert.Equal("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""", t.Parameters.GetRawText());
                Assert.NotNull(t.CacheControl);
                Assert.Null(t.Raw);
            },
            t =>
            {
                Assert.Equal(("ping", (string?)null, (bool?)true), (t.Name, t.Description, t.Strict));
                Assert.Null(t.BuiltInType);
            },
            t =>
            {
                Assert.Equal(("web_search", "web_search_20250305"), (t.Name, t.BuiltInType));
                Assert.Equal("""{"type":"web_search_20250305","name":"web_search","max_uses":5}""", t.Raw!.Value.GetRawText());
            },
            t => Assert.Equal(("bash", "bash_20250124"), (t.Name, t.BuiltInType)));
    }

    [Theory]
    [InlineData("""{"type":"auto"}""", "Auto", null, null)]
    [InlineData("""{"type":"any"}""", "Required", null, null)]
    [InlineData("""{"type":"none"}""", "None", null, null)]
    [InlineData("""{"type":"tool","name":"get_weather"}""", "Tool", "get_weather", null)]
    [InlineData("""{"type":"auto","disable_parallel_tool_use":true}""", "Auto", null, false)]
    [InlineData("""{"type":"any","disable_parallel_tool_use":false}""", "Required", null, null)]
    public void DecodeRequest_ToolChoice_MapsModeNameAndParallelism(string choice, string mode, string? name, bool? parallel)
    {
        var request = Decode($$"""{"model":"m","max_tokens":5,"messages":[],"tool_choice":{{choice}}}""");

        Assert.Equal(new ToolChoice(Enum.Parse<ToolChoiceMode>(mode), name), request.ToolChoice);
        Assert.Equal(parallel, request.ParallelToolCalls);
    }

    [Fact]
    public void DecodeRequest_SamplingStopStreamAndUser_AreRead()
    {
        var request = Decode("""
            {"model":"m","max_tokens":300,"messages":[],"temperature":0.2,"top_p":0.9,"top_k":40,
             "stop_sequences":["END","###"],"stream":true,"metadata":{"user_id":"user-7"}}
            """);

        Assert.Equal((0.2, 0.9, 40), (request.Temperature!.Value, request.TopP!.Value, request.TopK!.Value));
        Assert.Equal(["END", "###"], request.StopSequences);
        Assert.True(request.Stream);
        Assert.Equal("user-7", request.User);
    }

    [Theory]
    [InlineData("""{"type":"enabled","budget_tokens":4000}""", null, 4000, false, false, null)]
    [InlineData("""{"type":"adaptive"}""", null, null, true, false, null)]
    [InlineData("""{"type":"disabled"}""", null, null, false, true, null)]
    [InlineData("""{"type":"adaptive"}""", "high", null, true, false, "high")]
    [InlineData(null, "max", null, false, false, "max")]
    public void DecodeRequest_ThinkingAndEffort_CombineIntoOneReasoningConfig(
        string? thinking, string? effort, int? budget, bool adaptive, bool disabled, string? expectedEffort)
    {
        var thinkingJson = thinking is null ? "" : $",\"thinking\":{thinking}";
        var effortJson = effort is null ? "" : $",\"output_config\":{{\"effort\":\"{effort}\"}}";
        var request = Decode($$"""{"model":"m","max_tokens":5,"messages":[]{{effortJson}}{{thinkingJson}}}""");

        Assert.Equal(new ReasoningConfig { BudgetTokens = budget, Adaptive = adaptive, Disabled = disabled, Effort = expectedEffort }, request.Reasoning);
    }

    [Fact]
    public void DecodeRequest_OutputConfigFormatAndTaskBudget_GoToResponseFormatAndExtensions()
    {
        var request = Decode("""
            {"model":"m","max_tokens":5,"messages":[],"output_config":{"format":{"type":"json_schema","schema":{"type":"object","properties":{"a":{"type":"integer"}}}},
             "task_budget":{"type":"tokens","total":50000}}}
            """);

        Assert.Equal(ResponseFormatKind.JsonSchema, request.ResponseFormat!.Kind);
        Assert.Equal("""{"type":"object","properties":{"a":{"type":"integer"}}}""", request.ResponseFormat.Schema!.Value.GetRawText());
        Assert.Equal("""{"type":"tokens","total":50000}""", request.Extensions["output_config.task_budget"].GetRawText());
        Assert.Null(request.Reasoning);
    }

    [Fact]
    public void DecodeRequest_LegacyOutputFormat_BecomesResponseFormat()
    {
        var request = Decode("""{"model":"m","max_tokens":5,"messages":[],"output_format":{"type":"json_schema","schema":{"type":"object"}}}""");

        Assert.Equal(ResponseFormatKind.JsonSchema, request.ResponseFormat!.Kind);
    }

    [Fact]
    public void DecodeRequest_FieldsWithoutCanonicalPlace_GoToExtensionsVerbatimAndServiceTierIsDropped()
    {
        var request = Decode("""
            {"model":"m","max_tokens":5,"messages":[],"service_tier":"auto",
             "context_management":{"edits":[{"type":"clear_tool_uses_20250919"}]},"container":"container_1",
             "mcp_servers":[{"type":"url","url":"https://mcp.example.com","name":"x"}],"x_future":[1,{"a":null}]}
            """);

        Assert.Equal(["context_management", "container", "mcp_servers", "x_future"], request.Extensions.Keys);
        Assert.Equal("""{"edits":[{"type":"clear_tool_uses_20250919"}]}""", request.Extensions["context_management"].GetRawText());
        Assert.Equal("\"container_1\"", request.Extensions["container"].GetRawText());
        Assert.Equal("""[1,{"a":null}]""", request.Extensions["x_future"].GetRawText());
    }

    [Theory]
    [InlineData("""{"max_tokens":5,"messages":[]}""", "model")]
    [InlineData("""{"model":"","max_tokens":5,"messages":[]}""", "model")]
    [InlineData("""{"model":"m","messages":[]}""", "max_tokens")]
    [InlineData("""{"model":"m","max_tokens":"5","messages":[]}""", "max_tokens")]
    [InlineData("""{"model":"m","max_tokens":0,"messages":[]}""", "max_tokens")]
    [InlineData("""{"model":"m","max_tokens":5}""", "messages")]
    [InlineData("""{"model":"m","max_tokens":5,"messages":{}}""", "messages")]
    [InlineData("""{"model":"m","max_tokens":5,"messages":[{"role":"tool","content":"x"}]}""", "messages[0].role")]
    [InlineData("""{"model":"m","max_tokens":5,"messages":[{"role":"user"}]}""", "messages[0].content")]
    [InlineData("""{"model":"m","max_tokens":5,"messages":[{"role":"user","content":[{"type":"text"}]}]}""", "messages[0].content[0].text")]
    [InlineData("""{"model":"m","max_tokens":5,"messages":[{"role":"user","content":[{"text":"x"}]}]}""", "messages[0].content[0]")]
    [InlineData("""{"model":"m","max_tokens":5,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"file","file_id":"f"}}]}]}""", "messages[0].content[0].source.type")]
    [InlineData("""{"model":"m","max_tokens":5,"messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":[{"type":"search_result"}]}]}]}""", "messages[0].content[0].content[0]")]
    [InlineData("""{"model":"m","max_tokens":5,"messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":[{"type":"document","source":{"type":"text","data":"x"}}]}]}]}""", "messages[0].content[0].content[0]")]
    [InlineData("""{"model":"m","max_tokens":5,"messages":[{"role":"system","content":[{"type":"image","source":{"type":"url","url":"https://x"}}]}]}""", "messages[0].content[0]")]
    [InlineData("""{"model":"m","max_tokens":5,"messages":[],"system":[{"type":"image"}]}""", "system[0]")]
    [InlineData("""{"model":"m","max_tokens":5,"messages":[],"system":7}""", "system")]
    [InlineData("""{"model":"m","max_tokens":5,"messages":[],"tools":[{"name":"a"}]}""", "tools[0].input_schema")]
    [InlineData("""{"model":"m","max_tokens":5,"messages":[],"tools":[{"input_schema":{}}]}""", "tools[0].name")]
    [InlineData("""{"model":"m","max_tokens":5,"messages":[],"tool_choice":{"type":"required"}}""", "tool_choice.type")]
    [InlineData("""{"model":"m","max_tokens":5,"messages":[],"tool_choice":{"type":"tool"}}""", "tool_choice.name")]
    [InlineData("""{"model":"m","max_tokens":5,"messages":[],"thinking":{"type":"enabled"}}""", "thinking.budget_tokens")]
    [InlineData("""{"model":"m","max_tokens":5,"messages":[],"thinking":{"type":"on"}}""", "thinking.type")]
    [InlineData("""{"model":"m","max_tokens":5,"messages":[],"temperature":"hot"}""", "temperature")]
    [InlineData("""{"model":"m","max_tokens":5,"messages":[],"top_k":1.5}""", "top_k")]
    [InlineData("""{"model":"m","max_tokens":5,"messages":[],"stop_sequences":"END"}""", "stop_sequences")]
    [InlineData("""{"model":"m","max_tokens":5,"messages":[],"stream":"yes"}""", "stream")]
    [InlineData("""{"model":"m","max_tokens":5,"messages":[],"output_config":{"format":{"type":"json_object"}}}""", "output_config.format.type")]
    [InlineData("""{"model":"m","max_tokens":5,"messages":[],"output_config":{"format":{"type":"json_schema"}}}""", "output_config.format.schema")]
    public void DecodeRequest_InvalidInput_Returns400NamingTheParameter(string body, string param)
    {
        var error = Error(() => Decode(body));

        Assert.Equal(400, error.Status);
        Assert.Equal(param, error.Param);
    }

    [Fact]
    public void DecodeRequest_BodyNotAnObject_Returns400()
    {
        var error = Error(() => AnthropicJson.Decode("[]"));

        Assert.Equal(400, error.Status);
    }
}
