using System.Buffers;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LlmGateway.Http;
using LlmGateway.Protocols.Gemini;
using LlmGateway.Translation;

namespace LlmGateway.Tests.Unit.Protocols.Gemini;

/// <summary>Shared arrange/assert steps of the Gemini codec tests.</summary>
internal static class GeminiJson
{
    /// <summary>Parses a request body and decodes it; the document stays alive (the canonical request points into it).</summary>
    public static CanonicalRequest Decode(string json, string model = "gemini-2.5-pro") =>
        GeminiCodec.DecodeRequest(JsonDocument.Parse(json).RootElement, model);

    public static JsonElement Element(string json) => JsonDocument.Parse(json).RootElement;

    public static string Encode(CanonicalRequest request, GeminiEncodeOptions? options = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        GeminiCodec.EncodeRequest(request, options ?? new GeminiEncodeOptions(), buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string EncodeResponse(CanonicalResponse response)
    {
        var buffer = new ArrayBufferWriter<byte>();
        GeminiCodec.EncodeResponse(response, buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static CanonicalResponse DecodeResponse(string json) => GeminiCodec.DecodeResponse(Encoding.UTF8.GetBytes(json));

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

    public static string Text(SseItem<ReadOnlyMemory<byte>> item) => Encoding.UTF8.GetString(item.Data.Span);

    /// <summary>A canonical request as another format's decoder produces it.</summary>
    public static CanonicalRequest From(WireFormat source, params CanonicalMessage[] messages)
    {
        var request = new CanonicalRequest { Source = source, Model = "client-alias" };
        request.Messages.AddRange(messages);
        return request;
    }

    public static CanonicalRequest Chat(params CanonicalMessage[] messages) => From(WireFormat.OpenAIChat, messages);

    public static CanonicalMessage Message(ChatRole role, params ContentPart[] parts) => new(role, [.. parts]);

    /// <summary>A canonical message list as one line per message, for exact comparison.</summary>
    public static string[] Describe(IEnumerable<CanonicalMessage> messages)
    {
        var lines = new List<string>();
        foreach (var message in messages)
        {
            lines.Add(message.Role + ": " + string.Join(" | ", message.Parts.Select(Describe)));
        }

        return [.. lines];
    }

    public static string Describe(ContentPart part)
    {
        var text = part switch
        {
            TextPart t => $"text \"{t.Text}\"",
            ReasoningPart r => $"reasoning \"{r.Text}\" origin={r.Origin}" + (r.Signature is null ? "" : $" signature={r.Signature}"),
            ImagePart i => "image" + Field("media", i.MediaType) + Field("data", i.Data) + Field("url", i.Url),
            DocumentPart d => "document" + Field("media", d.MediaType) + Field("data", d.Data) + Field("text", d.Text) + Field("url", d.Url),
            ToolCallPart c => $"call {c.Id} {c.Name} {c.Arguments}",
            ToolResultPart r => $"result {r.ToolCallId}" + (r.IsError ? " error" : "") + " [" + string.Join(" | ", r.Content.Select(Describe)) + "]",
            _ => part.GetType().Name,
        };
        return part.ThoughtSignature is null ? text : text + " sig=" + part.ThoughtSignature;
    }

    private static string Field(string name, string? value) => value is null ? "" : $" {name}={value}";
}
