using System.Text;
using LlmGateway.Tests.Golden;
using LlmGateway.Translation;

namespace LlmGateway.Tests.Unit.Protocols.OpenAI.Reference;

/// <summary>
/// Chat Completions request bodies on which the request decoder and the pass-through scan must agree with their
/// <see cref="JsonElement"/>-walking references: a request using every field, every golden case's request, each of
/// them damaged one value at a time (wrong types, removed, repeated), written in odd ways (properties reversed,
/// names and strings escaped, spaced out), and hand-picked malformed bodies.
/// </summary>
internal static class RequestCorpus
{
    /// <summary>Valid, and touching every field the decoder reads.</summary>
    public const string Rich = """
        {"model":"gpt-4o","messages":[
          {"role":"system","content":"Be brief."},
          {"role":"developer","name":"ops","content":[{"type":"text","text":"Use metric units."}]},
          {"role":"user","name":"ana","content":[
            {"type":"text","text":"What is in these?"},
            {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=","detail":"high"}},
            {"type":"image_url","image_url":"https://example.com/cat.jpg"},
            {"type":"file","file":{"file_data":"data:application/pdf;base64,JVBERi0x","filename":"a.pdf"}}]},
          {"role":"assistant","thinking_blocks":[{"type":"thinking","thinking":"Let me see.","signature":"sig=="},{"type":"redacted_thinking","data":"opaque"}],
           "content":[{"type":"text","text":"Checking."},{"type":"refusal","refusal":"Not that."}],
           "tool_calls":[
             {"id":"call_1","type":"function","function":{"name":"lookup","arguments":"{\"q\":\"cat\"}"},"extra_content":{"google":{"thought_signature":"c2ln"}}},
             {"id":"call_2","function":{"name":"fetch","arguments":{"url":"https://example.com","n":[1,2.50,-0.0]}}}]},
          {"role":"tool","tool_call_id":"call_1","content":[{"type":"text","text":"a cat"}]},
          {"role":"tool","tool_call_id":"call_2","content":"fetched"},
          {"role":"assistant","reasoning_content":"Thinking aloud.","content":null,"refusal":"I cannot.","name":"bot"},
          {"role":"user","content":"Thanks"}],
         "tools":[
           {"type":"function","function":{"name":"lookup","description":"Looks up.","parameters":{"type":"object","properties":{"q":{"type":"string"}},"required":["q"]},"strict":true}},
           {"type":"function","function":{"name":"fetch"}},
           {"type":"web_search","search_context_size":"low"}],
         "tool_choice":{"type":"function","function":{"name":"lookup"}},
         "parallel_tool_calls":false,"max_tokens":100,"max_completion_tokens":200,"temperature":0.5,"top_p":0.9,
         "stop":["END","STOP"],"reasoning_effort":"low",
         "response_format":{"type":"json_schema","json_schema":{"name":"answer","description":"The answer.","schema":{"type":"object"},"strict":true}},
         "user":"u-1","stream":true,"stream_options":{"include_usage":true,"other":1},
         "store":false,"metadata":{"k":"v"},"service_tier":"auto","prompt_cache_key":"p","safety_identifier":"s",
         "n":1,"logprobs":false,"presence_penalty":0,"frequency_penalty":0,"modalities":["text"],"logit_bias":{},
         "top_logprobs":null,"seed":null,"audio":null,"prediction":null,"web_search_options":null,
         "x_custom":{"deep":[1,{"a":null}]}}
        """;

    private static readonly string[] Replacements =
    [
        "null", "true", "false", "0", "1", "-1", "1.5", "1e400", "\"\"", "\"text\"", "\"user\"", "\"assistant\"", "\"function\"",
        "\"none\"", "\"data:image/png;base64,AAAA\"", "\"data:text/plain,hi\"", "[]", "{}", "[\"text\"]", "[1]", "[null]",
        "{\"type\":\"text\"}", "{\"type\":\"function\"}",
    ];

    private static readonly string[] FewReplacements = ["null", "1", "\"x\"", "[]", "{}"];

    private static readonly string[] DuplicateValues = ["null", "\"x\"", "1", "{}", "\"user\"", "\"assistant\""];

    private static readonly JsonStyle[] Styles =
    [
        JsonStyle.Reversed, JsonStyle.EscapedNames, JsonStyle.EscapedStrings, JsonStyle.Spaced,
        JsonStyle.Reversed | JsonStyle.EscapedNames | JsonStyle.EscapedStrings,
    ];

    /// <summary>The request of every golden case whose client speaks OpenAI Chat.</summary>
    public static IEnumerable<(string Name, string Json)> GoldenRequests()
    {
        foreach (var id in GoldenCase.AllIds())
        {
            var golden = GoldenCase.Load(id);
            if (golden.Direction.Client() == WireFormat.OpenAIChat && golden.Has(GoldenCase.RequestIn))
            {
                yield return (id, golden.ReadText(GoldenCase.RequestIn));
            }
        }
    }

    /// <summary><paramref name="json"/>, written in odd ways, and damaged one value at a time.</summary>
    public static IEnumerable<(string Name, byte[] Body)> Variants(string name, string json, bool thorough)
    {
        var tree = JsonTree.Parse(json);
        yield return (name, Encoding.UTF8.GetBytes(json));
        foreach (var style in Styles)
        {
            yield return ($"{name} written {style}", Utf8(tree.ToJson(style)));
        }

        var paths = tree.Descendants().ToList();
        for (var p = 0; p < paths.Count; p++)
        {
            var path = paths[p];
            foreach (var replacement in thorough ? Replacements : FewReplacements)
            {
                var changed = path.With(tree, JsonTree.Parse(replacement));
                yield return ($"{name} value #{p} := {replacement}", Utf8(changed.ToJson()));
                if (thorough)
                {
                    yield return ($"{name} value #{p} := {replacement}, reversed", Utf8(changed.ToJson(JsonStyle.Reversed)));
                }
            }

            yield return ($"{name} value #{p} removed", Utf8(path.With(tree, null).ToJson()));
            foreach (var duplicate in DuplicateValues)
            {
                foreach (var after in new[] { true, false })
                {
                    if (path.WithDuplicate(tree, JsonTree.Parse(duplicate), after) is { } repeated)
                    {
                        yield return ($"{name} value #{p} repeated {(after ? "after" : "before")} as {duplicate}", Utf8(repeated.ToJson()));
                    }
                }
            }
        }
    }

    /// <summary>Bodies that are not JSON, not an object, oddly written or oddly numbered.</summary>
    public static IEnumerable<(string Name, byte[] Body)> Handpicked()
    {
        const string Messages = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
        string[] texts =
        [
            "", "   ", "null", "[]", "\"x\"", "1", "{", "}", "{}", "{\"model\":\"m\"}", "{\"model\":\"m\",\"messages\":[]}",
            "{\"model\":\"m\"," + Messages + "} x", "{\"model\":\"m\"," + Messages + "}{}", "{\"model\":\"m\"," + Messages + "} \r\n\t ",
            "{\"model\":\"m\"," + Messages + ",}", "{\"model\":\"m\", /* c */ " + Messages + "}", "{'model':'m'}",
            "\uFEFF{\"model\":\"m\"," + Messages + "}", "{\"model\":\"m\"," + Messages + ",\"stop\":[\"a\",}",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"a\\xb\"}]}",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"\\ud800\"}]}",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\\udc00y\"}]}",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"\\ud83d\\u0041\"}]}",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"\\u0000\\u007f\\u0080\\u07ff\\u0800\\uffff\\uFFFD\\u00E9\"}]}",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\\u00e9\\n\",\"function\":{\"name\":\"f\\/g\",\"arguments\":\"{\\\"a\\\":\\\"\\\\u00e9\\\"}\"}}]}]}",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"\\ud83d\\ude00 \\u00e9\\\"\\\\\\/\\b\\f\\n\\r\\t\"}]}",
            "{\"model\":\"m\\u0000x\"," + Messages + "}", "{\"mod\\u0065l\":\"m\",\"me\\u0073sages\":[{\"r\\u006fle\":\"\\u0075ser\",\"content\":[{\"t\\u0079pe\":\"t\\u0065xt\",\"text\":\"hi\"}]}]}",
            "{\"model\":\"\"," + Messages + "}", "{\"model\":\"m\"," + Messages + ",\"\":1}",
            "{\"model\":\"m\"," + Messages + ",\"\\u006d\\u0061\\u0078\\u005f\\u0063\\u006f\\u006d\\u0070\\u006c\\u0065\\u0074\\u0069\\u006f\\u006e\\u005f\\u0074\\u006f\\u006b\\u0065\\u006e\\u0073\":5}",
            "{\"model\":\"m\"," + Messages + ",\"a_property_name_much_longer_than_any_the_decoder_knows\":{\"x\":[1]}}",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\",\"a_property_name_much_longer_than_any_the_decoder_knows\":1}]}]}",
            "{\"model\":\"m\",\"messages\":[{\"content\":[{\"type\":\"image_url\",\"image_url\":\"https://x\"}],\"role\":\"user\"}]}",
            "{\"model\":\"m\",\"messages\":[{\"content\":[{\"type\":\"refusal\",\"refusal\":\"no\"}],\"role\":\"user\",\"role\":\"assistant\"}]}",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"assistant\",\"content\":[{\"type\":\"refusal\",\"refusal\":\"no\"}],\"role\":\"user\"}]}",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"tool_calls\":[{\"id\":1}],\"role\":\"assistant\",\"tool_calls\":null}]}",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"tool_calls\":[{\"id\":1}],\"content\":\"hi\"}]}",
            "{\"model\":\"m\",\"messages\":[{\"tool_calls\":[{\"id\":1}],\"role\":\"assistant\"}]}",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"function\":{\"name\":\"f\",\"arguments\":{\"a\":\"\\u00e9\"}},\"extra_content\":{\"google\":{\"thought_signature\":\"s\"},\"google\":1}}]}]}",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"function\":{\"name\":\"f\"},\"extra_content\":{\"google\":{\"thought_signature\":\"s\",\"thought_signature\":2}}}]}]}",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"function\":{\"name\":\"f\"},\"extra_content\":{\"google\":1,\"google\":{\"thought_signature\":\"s\"}}}]}]}",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\"}]}],\"temperature\":\"hot\"}",
            "{\"temperature\":\"hot\",\"model\":1," + Messages + "}", "{\"temperature\":\"hot\"," + Messages + "}",
            "{\"temperature\":\"hot\",\"model\":\"m\"," + Messages + ",\"stop\":[1] x",
            "{\"messages\":[{\"role\":\"user\"}],\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}],\"messages\":[{\"role\":\"user\",\"content\":\"b\"}]}",
            "{\"model\":\"m\",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"a\"}}]," + Messages + ",\"tools\":[{\"type\":\"web_search\"}]}",
            "{\"model\":\"m\"," + Messages + ",\"stop\":\"a\",\"stop\":[\"b\"]}",
        ];
        foreach (var text in texts)
        {
            yield return (text, Utf8(text));
        }

        foreach (var number in new[] { "1", "1.0", "1e0", "1E+0", "10e-1", "0.1e1", "-0", "0", "-0.0", "0e5", "2147483647", "2147483648", "-1", "1e400", "-1e400", "1e-400", "100000000000000000000000000" })
        {
            foreach (var field in new[] { "max_tokens", "max_completion_tokens", "temperature", "top_p", "n", "presence_penalty", "frequency_penalty", "seed", "top_logprobs" })
            {
                var body = "{\"model\":\"m\"," + Messages + ",\"" + field + "\":" + number + "}";
                yield return (body, Utf8(body));
            }
        }

        foreach (var depth in new[] { 10, 62, 63, 64, 65, 100 })
        {
            var nested = new string('[', depth) + new string(']', depth);
            yield return ($"unknown field nested {depth} deep", Utf8("{\"model\":\"m\"," + Messages + ",\"x\":" + nested + "}"));
            yield return ($"content nested {depth} deep", Utf8("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":" + nested + "}]}"));
        }

        // Invalid UTF-8 in a string the decoder reads, and in one it only skips.
        byte[] invalid = [0xC3, 0x28];
        yield return ("invalid UTF-8 in text", [.. Utf8("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\""), .. invalid, .. Utf8("\"}]}")]);
        yield return ("invalid UTF-8 in escaped text", [.. Utf8("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"a\\n"), .. invalid, .. Utf8("\"}]}")]);
        yield return ("invalid UTF-8 in escaped part text", [.. Utf8("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"\\u00e9"), .. invalid, .. Utf8("\"}]}]}")]);
        yield return ("invalid UTF-8 in model", [.. Utf8("{\"model\":\"m"), .. invalid, .. Utf8("\"," + Messages + "}")]);
        yield return ("invalid UTF-8 in an unknown name, model missing", [.. Utf8("{\"x"), .. invalid, .. Utf8("\":1," + Messages + "}")]);
        yield return ("invalid UTF-8 in an unknown name", [.. Utf8("{\"model\":\"m\",\"x"), .. invalid, .. Utf8("\":1," + Messages + "}")]);
        yield return ("invalid UTF-8 in metadata", [.. Utf8("{\"model\":\"m\"," + Messages + ",\"metadata\":{\"k\":\""), .. invalid, .. Utf8("\"}}")]);
        yield return ("invalid UTF-8 in arguments", [.. Utf8("{\"model\":\"m\",\"messages\":[{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"function\":{\"name\":\"f\",\"arguments\":{\"a\":\""), .. invalid, .. Utf8("\"}}}]}]}")]);
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
