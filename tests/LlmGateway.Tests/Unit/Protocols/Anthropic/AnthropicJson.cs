using System.Buffers;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LlmGateway.Http;
using LlmGateway.Protocols.Anthropic;
using LlmGateway.Tests.Infrastructure;
using LlmGateway.Translation;

namespace LlmGateway.Tests.Unit.Protocols.Anthropic;

/// <summary>Shared arrange/assert steps of the Anthropic codec tests.</summary>
internal static class AnthropicJson
{
    /// <summary>
    /// Parses a request body and decodes it. The document is not disposed: the canonical request points into it
    /// (as it points into the request body in the gateway).
    /// </summary>
    public static CanonicalRequest Decode(string json) => AnthropicCodec.DecodeRequest(JsonDocument.Parse(json).RootElement);

    public static JsonElement Element(string json) => JsonDocument.Parse(json).RootElement;

    public static string Encode(CanonicalRequest request, string model = "claude-upstream", int defaultMaxTokens = 8192)
    {
        var buffer = new ArrayBufferWriter<byte>();
        AnthropicCodec.EncodeRequest(request, model, new AnthropicEncodeOptions { DefaultMaxTokens = defaultMaxTokens }, buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string EncodeResponse(CanonicalResponse response)
    {
        var buffer = new ArrayBufferWriter<byte>();
        AnthropicCodec.EncodeResponse(response, buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Structural JSON equality (member order aside), showing both documents on failure.</summary>
    public static void Equal(string expected, string actual)
    {
        var expectedNode = JsonNode.Parse(expected);
        var actualNode = JsonNode.Parse(actual);
        Assert.True(
            JsonNode.DeepEquals(expectedNode, actualNode),
            $"JSON differs.\nExpected: {expectedNode?.ToJsonString()}\nActual:   {actualNode?.ToJsonString()}");
    }

    public static GatewayError Error(Action action) => Assert.Throws<GatewayErrorException>(action).Error;

    /// <summary>The encoder's events as (event name, data) pairs, checked well-formed.</summary>
    public static List<(string? EventType, string Data)> Checked(List<SseItem<ReadOnlyMemory<byte>>> items)
    {
        var events = new List<(string? EventType, string Data)>(items.Count);
        foreach (var item in items)
        {
            events.Add((item.EventType, Encoding.UTF8.GetString(item.Data.Span)));
        }

        AnthropicStreamChecker.AssertWellFormed(events);
        return events;
    }

    /// <summary>A canonical request as the OpenAI Chat decoder produces it.</summary>
    public static CanonicalRequest Chat(params CanonicalMessage[] messages)
    {
        var request = new CanonicalRequest { Source = WireFormat.OpenAIChat, Model = "client-alias" };
        request.Messages.AddRange(messages);
        return request;
    }

    public static CanonicalMessage Message(ChatRole role, params ContentPart[] parts) => new(role, [.. parts]);
}
