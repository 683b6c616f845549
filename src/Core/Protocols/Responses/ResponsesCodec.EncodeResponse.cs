using System.Buffers;
using System.Text.Json;
using LlmGateway.Json;
using LlmGateway.Translation;

namespace LlmGateway.Protocols.Responses;

/// <summary>Canonical → a client's Responses body.</summary>
internal static partial class ResponsesCodec
{
    /// <summary>
    /// Writes the response object: <c>id</c> (<c>resp_</c> + the upstream's id), <c>object: response</c>,
    /// <c>created_at</c> (the upstream's, or <paramref name="createdAt"/>), <c>status</c> (<c>incomplete</c> with
    /// <c>incomplete_details.reason</c> <c>max_output_tokens</c> or <c>content_filter</c> when it stopped early),
    /// <c>model</c>, the <c>output</c> items in order (reasoning with its summary and, when there is something to
    /// send back, <c>encrypted_content</c>; a message per text block; a <c>function_call</c> per tool call) and
    /// <c>usage</c>.
    /// </summary>
    public static void EncodeResponse(CanonicalResponse response, IBufferWriter<byte> output, long createdAt = 0)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(output);
        var id = ResponseId(response.Id);
        var incomplete = IncompleteReason(response.StopReason);
        using var writer = new Utf8JsonWriter(output, JsonDefaults.Writer);
        writer.WriteStartObject();
        ResponsesItems.WriteResponseHead(writer, id, response.Created != 0 ? response.Created : createdAt, incomplete is null ? "completed" : "incomplete", response.Model, incomplete);
        writer.WriteStartArray("output"u8);
        var index = 0;
        foreach (var part in response.Content)
        {
            switch (part)
            {
                case TextPart { Text.Length: > 0 } text:
                    ResponsesItems.WriteMessage(writer, ItemId("msg", id, index++), text.Text);
                    break;
                case ReasoningPart reasoning:
                    var encrypted = ReasoningEnvelope.EncryptedContentFor(reasoning);
                    if (reasoning.Text.Length > 0 || encrypted is not null)
                    {
                        ResponsesItems.WriteReasoning(writer, ItemId("rs", id, index++), reasoning.Text, encrypted);
                    }

                    break;
                case ToolCallPart call:
                    ResponsesItems.WriteFunctionCall(writer, ItemId("fc", id, index++), call.Id, call.Name, call.Arguments, done: true);
                    break;
            }
        }

        writer.WriteEndArray();
        ResponsesItems.WriteUsage(writer, response.Usage);
        writer.WriteEndObject();
    }
}
