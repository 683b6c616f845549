using System.Net;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json.Nodes;
using LlmGateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace LlmGateway.Tests.EndToEnd;

/// <summary>
/// Every inbound surface (OpenAI Chat, Anthropic Messages, Gemini, OpenAI Responses) × every upstream format (OpenAI,
/// Anthropic, Gemini, Responses fake servers) × stream and non-stream: "Hello" goes in, the upstream answers "Hello back" in its own
/// format, and the client reads "Hello back" in its own — pass-through on the diagonal, the hub elsewhere.
/// </summary>
public sealed class AllPairsTests : UpstreamGatewayTest
{
    private const string Prompt = "Hello";
    private const string Reply = "Hello back";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(CannedGemini.Provider(Upstream))
    {
        ["Gateway:Providers:anthropic:Type"] = "anthropic",
        ["Gateway:Providers:anthropic:BaseUrl"] = Upstream.BaseUrl,
        ["Gateway:Providers:anthropic:Keys:0"] = "sk-ant-upstream-secret-0001",
        ["Gateway:Providers:anthropic:Models:0"] = "claude-sonnet-4-5",
        ["Gateway:Providers:responses:Type"] = "openai-responses",
        ["Gateway:Providers:responses:BaseUrl"] = Upstream.BaseUrl,
        ["Gateway:Providers:responses:Keys:0"] = "sk-responses-upstream-secret-0001",
        ["Gateway:Providers:responses:Models:0"] = "gpt-5",
    };

    public static TheoryData<string, string, bool> Pairs()
    {
        var pairs = new TheoryData<string, string, bool>();
        foreach (var client in new[] { "openai-chat", "anthropic-messages", "gemini", "openai-responses" })
        {
            foreach (var upstream in new[] { "openai", "anthropic", "gemini", "responses" })
            {
                pairs.Add(client, upstream, false);
                pairs.Add(client, upstream, true);
            }
        }

        return pairs;
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public async Task Send_HelloFromClientFormatToUpstreamFormat_ClientReadsHelloBackInItsOwnFormat(string client, string upstream, bool stream)
    {
        Upstream.Handler = (_, context) => Answer(upstream, stream, context);
        var model = upstream switch
        {
            "openai" => "openai/gpt-4o",
            "anthropic" => "anthropic/claude-sonnet-4-5",
            "responses" => "responses/gpt-5",
            _ => "gemini/gemini-2.5-flash",
        };
        using var request = ClientRequest(client, model, stream);

        using var response = await Gateway.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        Assert.Equal(stream ? "text/event-stream" : "application/json", response.Content.Headers.ContentType!.MediaType);
        var text = client switch
        {
            "openai-chat" => stream ? OpenAIStreamText(body) : OpenAIText(body),
            "anthropic-messages" => stream ? AnthropicStreamText(body) : AnthropicText(body),
            "openai-responses" => stream ? ResponsesStreamText(body) : ResponsesText(body),
            _ => stream ? GeminiStreamText(body) : GeminiText(body),
        };

        // The canned Responses stream says "Hello" (in two deltas).
        Assert.Equal(upstream == "responses" && stream ? "Hello" : Reply, text);
        var sent = Assert.Single(Upstream.Requests);
        Assert.Equal(UpstreamPath(upstream, stream), sent.Path);
        Assert.Equal(Prompt, UpstreamPrompt(upstream, sent.Json));
        if (upstream != "gemini")
        {
            Assert.Equal(stream, sent.Json["stream"]?.GetValue<bool>() ?? false);
        }
    }

    private static HttpRequestMessage ClientRequest(string client, string model, bool stream) => client switch
    {
        "openai-chat" => ChatRequest($$"""{"model":"{{model}}","stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"{{Prompt}}"}]}"""),
        "anthropic-messages" => AnthropicRequests.Messages(
            $$"""{"model":"{{model}}","max_tokens":256,"stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"{{Prompt}}"}]}"""),
        "openai-responses" => ResponsesRequests.Post($$"""{"model":"{{model}}","stream":{{(stream ? "true" : "false")}},"store":false,"input":"{{Prompt}}"}"""),
        _ => GeminiRequests.Post(model + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent"), GeminiRequests.UserText(Prompt)),
    };

    /// <summary>"Hello back" in the upstream's own format: a JSON body, or its own SSE stream.</summary>
    private static Task Answer(string upstream, bool stream, HttpContext context) => (upstream, stream) switch
    {
        ("openai", false) => FakeUpstream.Json(context, 200, Canned.Completion(Reply)),
        ("openai", true) => FakeUpstream.Sse(
            context,
            Canned.Chunk("""{"role":"assistant","content":""}"""),
            Canned.Chunk("""{"content":"Hello"}"""),
            Canned.Chunk("""{"content":" back"}"""),
            Canned.Chunk("{}", "stop"),
            Canned.UsageChunk(),
            "[DONE]"),
        ("anthropic", false) => FakeUpstream.Json(context, 200, CannedAnthropic.Message(Reply)),
        ("anthropic", true) => FakeUpstream.AnthropicSse(
            context,
            CannedAnthropic.MessageStart(),
            CannedAnthropic.Ping,
            CannedAnthropic.TextStart(0),
            CannedAnthropic.TextDelta(0, "Hello"),
            CannedAnthropic.TextDelta(0, " back"),
            CannedAnthropic.BlockStop(0),
            CannedAnthropic.MessageDelta("end_turn"),
            CannedAnthropic.MessageStop),
        ("responses", false) => FakeUpstream.Json(context, 200, CannedResponses.Response(Reply)),
        ("responses", true) => FakeUpstream.ResponsesSse(context, CannedResponses.TextStream()),
        (_, false) => FakeUpstream.Json(context, 200, CannedGemini.Response(Reply)),
        (_, true) => FakeUpstream.Sse(context, CannedGemini.TextStream("Hello", " back")),
    };

    private static string UpstreamPath(string upstream, bool stream) => upstream switch
    {
        "openai" => "/v1/chat/completions",
        "anthropic" => "/v1/messages",
        "responses" => "/v1/responses",
        _ => "/v1beta/models/gemini-2.5-flash" + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent"),
    };

    /// <summary>The text of the single user message the upstream received, in its own format.</summary>
    private static string UpstreamPrompt(string upstream, JsonObject body)
    {
        if (upstream == "gemini")
        {
            var content = Assert.Single(body["contents"]!.AsArray())!;
            Assert.Equal("user", content["role"]!.GetValue<string>());
            return Assert.Single(content["parts"]!.AsArray())!["text"]!.GetValue<string>();
        }

        if (upstream == "responses")
        {
            if (body["input"] is JsonValue input)
            {
                return input.GetValue<string>();
            }

            var item = Assert.Single(body["input"]!.AsArray())!;
            Assert.Equal("user", item["role"]!.GetValue<string>());
            return item["content"] is JsonValue itemText
                ? itemText.GetValue<string>()
                : Assert.Single(item["content"]!.AsArray())!["text"]!.GetValue<string>();
        }

        var message = Assert.Single(body["messages"]!.AsArray())!;
        Assert.Equal("user", message["role"]!.GetValue<string>());
        return message["content"] is JsonValue text
            ? text.GetValue<string>()
            : Assert.Single(message["content"]!.AsArray())!["text"]!.GetValue<string>();
    }

    private static string OpenAIText(string body)
    {
        var completion = JsonNode.Parse(body)!;
        Assert.Equal("chat.completion", completion["object"]!.GetValue<string>());
        var choice = Assert.Single(completion["choices"]!.AsArray())!;
        Assert.Equal(("assistant", "stop"), (choice["message"]!["role"]!.GetValue<string>(), choice["finish_reason"]!.GetValue<string>()));
        return choice["message"]!["content"]!.GetValue<string>();
    }

    private static string OpenAIStreamText(string body)
    {
        Assert.DoesNotContain("event:", body, StringComparison.Ordinal);
        var events = Parse(body);
        Assert.All(events, e => Assert.Equal("message", e.EventType));
        Assert.Equal("[DONE]", events[^1].Data);
        Assert.Equal(1, events.Count(e => e.Data == "[DONE]"));
        var chunks = events.SkipLast(1).Select(e => JsonNode.Parse(e.Data)!).ToList();
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c["object"]!.GetValue<string>()));
        var choices = chunks.Where(c => c["choices"]!.AsArray().Count > 0).Select(c => c["choices"]![0]!).ToList();
        Assert.Equal("assistant", choices[0]["delta"]!["role"]!.GetValue<string>());
        Assert.Equal("stop", choices.Select(c => (string?)c["finish_reason"]).Single(f => f is not null));
        return string.Concat(choices.Select(c => (string?)c["delta"]!["content"]));
    }

    private static string AnthropicText(string body)
    {
        var message = JsonNode.Parse(body)!;
        Assert.Equal(("message", "assistant", "end_turn"), (message["type"]!.GetValue<string>(), message["role"]!.GetValue<string>(), message["stop_reason"]!.GetValue<string>()));
        var block = Assert.Single(message["content"]!.AsArray())!;
        Assert.Equal("text", block["type"]!.GetValue<string>());
        return block["text"]!.GetValue<string>();
    }

    private static string AnthropicStreamText(string body)
    {
        AnthropicStreamChecker.AssertWellFormed(body);
        var events = Parse(body).Select(e => JsonNode.Parse(e.Data)!).ToList();
        Assert.Equal("end_turn", events.Single(e => e["type"]!.GetValue<string>() == "message_delta")["delta"]!["stop_reason"]!.GetValue<string>());
        return string.Concat(events
            .Where(e => e["type"]!.GetValue<string>() == "content_block_delta" && e["delta"]!["type"]!.GetValue<string>() == "text_delta")
            .Select(e => e["delta"]!["text"]!.GetValue<string>()));
    }

    private static string GeminiText(string body)
    {
        var candidate = Assert.Single(JsonNode.Parse(body)!["candidates"]!.AsArray())!;
        Assert.Equal(("model", "STOP"), (candidate["content"]!["role"]!.GetValue<string>(), candidate["finishReason"]!.GetValue<string>()));
        return string.Concat(candidate["content"]!["parts"]!.AsArray().Select(p => p!["text"]!.GetValue<string>()));
    }

    private static string GeminiStreamText(string body)
    {
        Assert.DoesNotContain("event:", body, StringComparison.Ordinal);
        var chunks = Parse(body).Select(e => JsonNode.Parse(e.Data)!).ToList();
        Assert.NotEmpty(chunks);
        Assert.Equal("STOP", chunks[^1]["candidates"]![0]!["finishReason"]!.GetValue<string>());
        Assert.NotNull(chunks[^1]["usageMetadata"]);
        return string.Concat(chunks
            .SelectMany(c => c["candidates"]![0]!["content"]?["parts"]?.AsArray() ?? [])
            .Select(p => (string?)p!["text"]));
    }

    private static string ResponsesText(string body)
    {
        var response = JsonNode.Parse(body)!;
        Assert.Equal(("response", "completed"), (response["object"]!.GetValue<string>(), response["status"]!.GetValue<string>()));
        return string.Concat(response["output"]!.AsArray()
            .Where(item => item!["type"]!.GetValue<string>() == "message")
            .SelectMany(item => item!["content"]!.AsArray())
            .Select(part => part!["text"]!.GetValue<string>()));
    }

    private static string ResponsesStreamText(string body)
    {
        ResponsesStreamChecker.AssertWellFormed(body);
        var events = Parse(body).Select(e => JsonNode.Parse(e.Data)!).ToList();
        Assert.Equal("response.completed", events[^1]["type"]!.GetValue<string>());
        return string.Concat(events
            .Where(e => e["type"]!.GetValue<string>() == "response.output_text.delta")
            .Select(e => e["delta"]!.GetValue<string>()));
    }

    private static List<SseItem<string>> Parse(string body)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(body));
        return SseParser.Create(stream).Enumerate().ToList();
    }
}
