using System.Text.Json.Nodes;
using LlmGateway.Tests.Infrastructure;
using OpenAI.Chat;

namespace LlmGateway.Tests.EndToEnd;

public sealed class ToolsAndImagesTests : UpstreamGatewayTest
{
    [Fact]
    public async Task CompleteChatStreaming_ToolCallRoundTrip_IdsArgumentsAndToolsPassThroughUntouched()
    {
        var weather = ChatTool.CreateFunctionTool(
            "get_weather",
            "Weather for a city",
            BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string","description":"City name"}},"required":["city"],"additionalProperties":false}"""),
            functionSchemaIsStrict: true);
        var options = new ChatCompletionOptions { Tools = { weather }, ToolChoice = ChatToolChoice.CreateAutoChoice() };
        Upstream.Handler = (_, context) => FakeUpstream.Sse(
            context,
            Canned.Chunk("""{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_abc123","type":"function","function":{"name":"get_weather","arguments":""}}]}"""),
            Canned.Chunk("""{"tool_calls":[{"index":0,"function":{"arguments":"{\"ci"}}]}"""),
            Canned.Chunk("""{"tool_calls":[{"index":0,"function":{"arguments":"ty\":\"Paris\"}"}}]}"""),
            Canned.Chunk("{}", "tool_calls"),
            Canned.UsageChunk(),
            "[DONE]");
        var chat = Gateway.Chat("gpt-4o");
        List<ChatMessage> messages = [new UserChatMessage("Weather in Paris?")];

        var toolCalls = new Dictionary<int, (string Id, string Name, string Arguments)>();
        ChatFinishReason? finish = null;
        await foreach (var update in chat.CompleteChatStreamingAsync(messages, options))
        {
            foreach (var call in update.ToolCallUpdates)
            {
                var current = toolCalls.GetValueOrDefault(call.Index, (Id: "", Name: "", Arguments: ""));
                toolCalls[call.Index] = (call.ToolCallId ?? current.Id, call.FunctionName ?? current.Name, current.Arguments + call.FunctionArgumentsUpdate?.ToString());
            }

            finish ??= update.FinishReason;
        }

        var first = Upstream.LastRequest.Json;
        Assert.Equal(ChatFinishReason.ToolCalls, finish);
        var (id, name, arguments) = Assert.Single(toolCalls).Value;
        Assert.Equal(("call_abc123", "get_weather", """{"city":"Paris"}"""), (id, name, arguments));
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""[{"type":"function","function":{"name":"get_weather","description":"Weather for a city","parameters":{"type":"object","properties":{"city":{"type":"string","description":"City name"}},"required":["city"],"additionalProperties":false},"strict":true}}]"""),
            first["tools"]));
        Assert.Equal("auto", first["tool_choice"]!.GetValue<string>());

        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, Canned.Completion("It is sunny in Paris."));
        messages.Add(new AssistantChatMessage([ChatToolCall.CreateFunctionToolCall(id, name, BinaryData.FromString(arguments))]));
        messages.Add(new ToolChatMessage(id, """{"temp_c":21,"sky":"clear"}"""));
        ChatCompletion answer = await chat.CompleteChatAsync(messages, options);

        Assert.Equal("It is sunny in Paris.", answer.Content[0].Text);
        var second = Upstream.LastRequest.Json["messages"]!.AsArray();
        Assert.Equal("call_abc123", second[1]!["tool_calls"]![0]!["id"]!.GetValue<string>());
        Assert.Equal("""{"city":"Paris"}""", second[1]!["tool_calls"]![0]!["function"]!["arguments"]!.GetValue<string>());
        Assert.Equal("tool", second[2]!["role"]!.GetValue<string>());
        Assert.Equal("call_abc123", second[2]!["tool_call_id"]!.GetValue<string>());
        Assert.Equal("""{"temp_c":21,"sky":"clear"}""", second[2]!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task CompleteChat_ImageContentParts_ReachUpstreamUntouched()
    {
        Upstream.Handler = (_, context) => FakeUpstream.Json(context, 200, Canned.Completion("A red pixel."));
        var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");
        var message = new UserChatMessage(
            ChatMessageContentPart.CreateTextPart("What is in these images?"),
            ChatMessageContentPart.CreateImagePart(new Uri("https://example.com/cat.jpg"), ChatImageDetailLevel.Low),
            ChatMessageContentPart.CreateImagePart(BinaryData.FromBytes(png), "image/png", ChatImageDetailLevel.High));

        ChatCompletion completion = await Gateway.Chat("gpt-4o").CompleteChatAsync([message]);

        Assert.Equal("A red pixel.", completion.Content[0].Text);
        var content = Upstream.LastRequest.Json["messages"]![0]!["content"]!.AsArray();
        Assert.Equal(3, content.Count);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"type":"image_url","image_url":{"url":"https://example.com/cat.jpg","detail":"low"}}"""), content[1]));
        Assert.Equal("data:image/png;base64," + Convert.ToBase64String(png), content[2]!["image_url"]!["url"]!.GetValue<string>());
        Assert.Equal("high", content[2]!["image_url"]!["detail"]!.GetValue<string>());
    }
}
