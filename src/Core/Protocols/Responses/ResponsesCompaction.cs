using System.Buffers;
using System.Text;
using System.Text.Json;
using LlmGateway.Http;
using LlmGateway.Json;
using LlmGateway.Translation;

namespace LlmGateway.Protocols.Responses;

/// <summary>
/// <c>/v1/responses/compact</c> through the hub (an upstream that is not a Responses API): the conversation goes to the
/// model with a system instruction asking for a compact summary (and a last user turn asking for it, so that no
/// provider mistakes the request for a continuation), and the answer comes back in the shape OpenAI's endpoint has —
/// <c>{id, object: "response.compaction", created_at, output, usage}</c>. OpenAI's <c>output</c> keeps the user's
/// messages and adds an opaque <c>compaction</c> item only OpenAI can read; the gateway's keeps the most recent user
/// messages (up to <see cref="KeptUserTokens"/> estimated tokens) and adds the summary as a plain user message,
/// which any upstream can read when the client sends the compacted history back.
/// </summary>
internal static class ResponsesCompaction
{
    /// <summary>The budget for the user messages kept verbatim (Codex keeps about as much when it compacts locally).</summary>
    public const int KeptUserTokens = 20_000;

    public const string Instruction =
        "You are compacting this conversation so that it can continue in a fresh context window. Write a concise but complete "
        + "summary for the assistant that will continue the work: the user's goals, requirements and constraints; the decisions "
        + "made and why; the work done so far (files, commands, tool results that matter); errors met and how they were resolved; "
        + "what remains to do and the next step. Keep identifiers, paths and names exact. Write only the summary.";

    public const string Request = "Summarise the conversation above now, as instructed.";

    public const string SummaryPrefix = "Summary of the conversation so far (earlier messages were compacted):\n\n";

    /// <summary>
    /// The most recent user messages, in order, whose estimated size stays within <see cref="KeptUserTokens"/>; taken
    /// before <see cref="PrepareSummaryRequest"/> changes the conversation.
    /// </summary>
    public static List<CanonicalMessage> KeptUserMessages(List<CanonicalMessage> messages)
    {
        var kept = new List<CanonicalMessage>();
        long tokens = 0;
        for (var i = messages.Count - 1; i >= 0; i--)
        {
            var message = messages[i];
            if (message.Role != ChatRole.User || !message.Parts.Exists(static p => p is not ToolResultPart))
            {
                continue;
            }

            var probe = new CanonicalRequest { Source = WireFormat.OpenAIResponses, Model = "" };
            probe.Messages.Add(message);
            tokens += TokenEstimator.Estimate(probe);
            if (tokens > KeptUserTokens)
            {
                break;
            }

            kept.Add(message);
        }

        kept.Reverse();
        return kept;
    }

    /// <summary>
    /// Turns the client's request into the summarising call: non-stream; the instruction as a system message and the
    /// request as the last user turn; built-in tools left out and no tool calls allowed (function tools stay declared:
    /// some providers want the tools of the tool calls in the history).
    /// </summary>
    public static void PrepareSummaryRequest(CanonicalRequest request)
    {
        request.Stream = false;
        request.Tools.RemoveAll(static t => t.BuiltInType is not null);
        request.Extensions.Remove("tool_choice");
        request.ToolChoice = request.Tools.Count > 0 ? new ToolChoice(ToolChoiceMode.None) : null;
        request.ParallelToolCalls = null;
        request.ResponseFormat = null;
        request.Extensions.Remove("text.verbosity");
        request.Messages.Add(new CanonicalMessage(ChatRole.System, [new TextPart(Instruction)]));
        request.Messages.Add(new CanonicalMessage(ChatRole.User, [new TextPart(Request)]));
    }

    /// <summary>The compacted response: kept user messages, then the summary as a user message; usage of the summarising call.</summary>
    public static void EncodeResponse(CanonicalResponse response, List<CanonicalMessage> kept, IBufferWriter<byte> output, long createdAt)
    {
        var summary = new StringBuilder();
        foreach (var part in response.Content)
        {
            if (part is TextPart { Text.Length: > 0 } text)
            {
                summary.Append(summary.Length > 0 ? "\n\n" : "").Append(text.Text);
            }
        }

        if (summary.Length == 0)
        {
            throw new GatewayErrorException(new GatewayError(502, "upstream_empty_summary", "The upstream model answered the compaction request without a summary."));
        }

        using var writer = new Utf8JsonWriter(output, JsonDefaults.Writer);
        writer.WriteStartObject();
        writer.WriteString("id"u8, ResponsesCodec.ResponseId(response.Id));
        writer.WriteString("object"u8, "response.compaction"u8);
        writer.WriteNumber("created_at"u8, response.Created != 0 ? response.Created : createdAt);
        writer.WriteStartArray("output"u8);
        for (var i = 0; i < kept.Count; i++)
        {
            ResponsesCodec.WriteUserMessageItem(writer, kept[i], i);
        }

        writer.WriteStartObject();
        writer.WriteString("type"u8, "message"u8);
        writer.WriteString("role"u8, "user"u8);
        writer.WriteStartArray("content"u8);
        writer.WriteStartObject();
        writer.WriteString("type"u8, "input_text"u8);
        writer.WritePropertyName("text"u8);
        writer.WriteStringValueSegment(SummaryPrefix, isFinalSegment: false);
        writer.WriteStringValueSegment(summary.ToString(), isFinalSegment: true);
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndArray();
        ResponsesItems.WriteUsage(writer, response.Usage);
        writer.WriteEndObject();
    }
}
