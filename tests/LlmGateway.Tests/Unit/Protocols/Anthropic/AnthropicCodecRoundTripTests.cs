using LlmGateway.Translation;
using static LlmGateway.Tests.Unit.Protocols.Anthropic.AnthropicJson;

namespace LlmGateway.Tests.Unit.Protocols.Anthropic;

/// <summary>Anthropic in, Anthropic out (the mock and any hub path that ends at Anthropic): nothing is lost.</summary>
public class AnthropicCodecRoundTripTests
{
    [Fact]
    public void EncodeRequest_ClaudeCodeRequestDecoded_WritesAnEquivalentBody()
    {
        var request = Decode("""
            {"model":"claude-opus-4-5","max_tokens":32000,"stream":true,
             "system":[{"type":"text","text":"You are Claude Code.","cache_control":{"type":"ephemeral"}}],
             "messages":[
               {"role":"user","content":[{"type":"text","text":"Fix the bug","cache_control":{"type":"ephemeral"}}]},
               {"role":"assistant","content":[{"type":"thinking","thinking":"Look at main.","signature":"sig-A"},
                 {"type":"tool_use","id":"toolu_1","name":"Read","input":{"file_path":"/src/main.cs"}}]},
               {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"int x;","cache_control":{"type":"ephemeral"}}]},
               {"role":"system","content":"Mind the tests."}],
             "tools":[{"name":"Read","description":"Reads a file","input_schema":{"type":"object","properties":{"file_path":{"type":"string"}}},"strict":true},
                      {"type":"web_search_20250305","name":"web_search","max_uses":3}],
             "tool_choice":{"type":"auto","disable_parallel_tool_use":true},
             "thinking":{"type":"adaptive"},
             "output_config":{"effort":"high","task_budget":{"type":"tokens","total":9000}},
             "metadata":{"user_id":"session-1"},
             "context_management":{"edits":[{"type":"clear_thinking_20251015"}]},
             "temperature":1,"top_k":5}
            """);

        var json = Encode(request, "claude-opus-4-5-20251101");

        Equal("""
            {"model":"claude-opus-4-5-20251101","max_tokens":32000,
             "system":[{"type":"text","text":"You are Claude Code.","cache_control":{"type":"ephemeral"}},{"type":"text","text":"Mind the tests."}],
             "messages":[
               {"role":"user","content":[{"type":"text","text":"Fix the bug","cache_control":{"type":"ephemeral"}}]},
               {"role":"assistant","content":[{"type":"thinking","thinking":"Look at main.","signature":"sig-A"},
                 {"type":"tool_use","id":"toolu_1","name":"Read","input":{"file_path":"/src/main.cs"}}]},
               {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":[{"type":"text","text":"int x;"}],"cache_control":{"type":"ephemeral"}}]}],
             "tools":[{"name":"Read","description":"Reads a file","input_schema":{"type":"object","properties":{"file_path":{"type":"string"}}},"strict":true},
                      {"type":"web_search_20250305","name":"web_search","max_uses":3}],
             "tool_choice":{"type":"auto","disable_parallel_tool_use":true},
             "temperature":1,"top_k":5,
             "thinking":{"type":"adaptive"},
             "output_config":{"effort":"high","task_budget":{"type":"tokens","total":9000}},
             "metadata":{"user_id":"session-1"},"stream":true,
             "context_management":{"edits":[{"type":"clear_thinking_20251015"}]}}
            """, json);
    }

    [Fact]
    public void EncodeRequest_AnthropicBudget_IsKeptAndNamedAsThinkingWhenTooSmall()
    {
        var kept = Decode("""{"model":"m","max_tokens":5000,"messages":[],"thinking":{"type":"enabled","budget_tokens":2000}}""");
        var tooSmall = Decode("""{"model":"m","max_tokens":1000,"messages":[],"thinking":{"type":"enabled","budget_tokens":2000}}""");

        Assert.Contains("""
            "thinking":{"type":"enabled","budget_tokens":2000}
            """.Trim(), Encode(kept), StringComparison.Ordinal);
        Assert.Equal("thinking.budget_tokens", Error(() => Encode(tooSmall)).Param);
    }

    [Fact]
    public void EncodeRequest_AnthropicEffortWithoutThinking_StaysAnEffort()
    {
        var request = Decode("""{"model":"m","max_tokens":5000,"messages":[],"output_config":{"effort":"low"}}""");

        var json = Encode(request);

        Equal("""{"model":"claude-upstream","max_tokens":5000,"messages":[],"output_config":{"effort":"low"}}""", json);
    }

    [Fact]
    public void EncodeRequest_ReasoningMintedElsewhere_IsLeftOutEvenWhenSigned()
    {
        var request = new CanonicalRequest { Source = WireFormat.OpenAIChat, Model = "m" };
        request.Messages.Add(new CanonicalMessage(ChatRole.User, [new TextPart("q")]));
        request.Messages.Add(new CanonicalMessage(ChatRole.Assistant,
            [new ReasoningPart("gemini thought") { Signature = "foreign-sig", Origin = WireFormat.OpenAIChat }, new TextPart("a")]));

        var json = Encode(request);

        Equal("""
            {"model":"claude-upstream","max_tokens":8192,"messages":[{"role":"user","content":[{"type":"text","text":"q"}]},
             {"role":"assistant","content":[{"type":"text","text":"a"}]}]}
            """, json);
    }
}
