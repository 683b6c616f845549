using System.Net.ServerSentEvents;
using System.Text.Json;
using LlmGateway.Json;
using LlmGateway.Translation;

namespace LlmGateway.Protocols.Responses;

/// <summary>Output items of the stream: opening, deltas, and closing with the complete item.</summary>
internal sealed partial class ResponsesStreamEncoder
{
    /// <summary>Opens the item for a reasoning, redacted reasoning or tool-call block (text blocks open on their first delta).</summary>
    private void Open(BlockStarted block, List<SseItem<ReadOnlyMemory<byte>>> output)
    {
        if (block.Kind == BlockKind.ToolCall)
        {
            OpenItem(ItemKind.FunctionCall, block.Index, "fc", output);
            _callId = block.ToolCallId ?? "";
            _toolName = block.ToolName ?? "";
            WriteAdded(output, w => ResponsesItems.WriteFunctionCall(w, _itemId, _callId, _toolName, "", done: false));
            return;
        }

        OpenReasoning(block.Index, output);
        _redactedData = block.RedactedData;
        _thoughtSignature = block.ThoughtSignature;
    }

    private void OpenMessage(int hubIndex, List<SseItem<ReadOnlyMemory<byte>>> output)
    {
        OpenItem(ItemKind.Message, hubIndex, "msg", output);
        WriteAdded(output, w => ResponsesItems.WriteMessage(w, _itemId, null));
        var writer = BeginItemEvent("response.content_part.added");
        writer.WriteNumber("content_index"u8, 0);
        writer.WritePropertyName("part"u8);
        ResponsesItems.WriteOutputText(writer, "");
        End(output, "response.content_part.added");
    }

    /// <summary>A reasoning delta or signature for a block that is not the open reasoning item opens one.</summary>
    private void EnsureReasoning(int hubIndex, List<SseItem<ReadOnlyMemory<byte>>> output)
    {
        EnsureStarted(output);
        if (_open != ItemKind.Reasoning || _openHubIndex != hubIndex)
        {
            OpenReasoning(hubIndex, output);
        }
    }

    private void OpenReasoning(int hubIndex, List<SseItem<ReadOnlyMemory<byte>>> output)
    {
        OpenItem(ItemKind.Reasoning, hubIndex, "rs", output);
        WriteAdded(output, w => ResponsesItems.WriteReasoning(w, _itemId, null, null));
    }

    private void OpenSummary(List<SseItem<ReadOnlyMemory<byte>>> output)
    {
        _summaryOpen = true;
        var writer = BeginItemEvent("response.reasoning_summary_part.added");
        writer.WriteNumber("summary_index"u8, 0);
        writer.WritePropertyName("part"u8);
        ResponsesItems.WriteSummaryText(writer, "");
        End(output, "response.reasoning_summary_part.added");
    }

    /// <summary>Closes the open item, if any, and starts a new one (its output index is the next).</summary>
    private void OpenItem(ItemKind kind, int hubIndex, string prefix, List<SseItem<ReadOnlyMemory<byte>>> output)
    {
        Close(output);
        _open = kind;
        _openHubIndex = hubIndex;
        _outputIndex++;
        _itemId = ResponsesCodec.ItemId(prefix, _id, _outputIndex);
        _text.Clear();
        _signature.Clear();
        _summaryOpen = false;
        _redactedData = null;
        _thoughtSignature = null;
        _pendingTextIndex = -1;
    }

    private void WriteAdded(List<SseItem<ReadOnlyMemory<byte>>> output, Action<Utf8JsonWriter> item)
    {
        var writer = Begin("response.output_item.added");
        writer.WriteNumber("output_index"u8, _outputIndex);
        writer.WritePropertyName("item"u8);
        item(writer);
        End(output, "response.output_item.added");
    }

    /// <summary>A delta event of the open item: <c>item_id</c>, <c>output_index</c>, then <c>content_index</c> or <c>summary_index</c>, and <c>delta</c>.</summary>
    private void WriteDelta(List<SseItem<ReadOnlyMemory<byte>>> output, string type, string delta, bool content, bool summary = false)
    {
        var writer = BeginItemEvent(type);
        if (content)
        {
            writer.WriteNumber("content_index"u8, 0);
        }
        else if (summary)
        {
            writer.WriteNumber("summary_index"u8, 0);
        }

        writer.WriteString("delta"u8, delta);
        End(output, type);
    }

    /// <summary>An event about the open item: its <c>item_id</c> and <c>output_index</c> after the type and sequence number.</summary>
    private Utf8JsonWriter BeginItemEvent(string type)
    {
        var writer = Begin(type);
        writer.WriteString("item_id"u8, _itemId);
        writer.WriteNumber("output_index"u8, _outputIndex);
        return writer;
    }

    /// <summary>Finishes the open item: its closing events, then <c>output_item.done</c> with the complete item (kept for <c>response.completed</c>).</summary>
    private void Close(List<SseItem<ReadOnlyMemory<byte>>> output)
    {
        var kind = _open;
        if (kind == ItemKind.None)
        {
            return;
        }

        _open = ItemKind.None;
        var text = _text.ToString();
        byte[] item;
        switch (kind)
        {
            case ItemKind.Message:
                var writer = BeginItemEvent("response.output_text.done");
                writer.WriteNumber("content_index"u8, 0);
                writer.WriteString("text"u8, text);
                End(output, "response.output_text.done");
                writer = BeginItemEvent("response.content_part.done");
                writer.WriteNumber("content_index"u8, 0);
                writer.WritePropertyName("part"u8);
                ResponsesItems.WriteOutputText(writer, text);
                End(output, "response.content_part.done");
                item = Item(w => ResponsesItems.WriteMessage(w, _itemId, text));
                break;
            case ItemKind.FunctionCall:
                writer = BeginItemEvent("response.function_call_arguments.done");
                writer.WriteString("arguments"u8, text);
                End(output, "response.function_call_arguments.done");
                item = Item(w => ResponsesItems.WriteFunctionCall(w, _itemId, _callId, _toolName, text, done: true));
                break;
            default:
                if (_summaryOpen)
                {
                    writer = BeginItemEvent("response.reasoning_summary_text.done");
                    writer.WriteNumber("summary_index"u8, 0);
                    writer.WriteString("text"u8, text);
                    End(output, "response.reasoning_summary_text.done");
                    writer = BeginItemEvent("response.reasoning_summary_part.done");
                    writer.WriteNumber("summary_index"u8, 0);
                    writer.WritePropertyName("part"u8);
                    ResponsesItems.WriteSummaryText(writer, text);
                    End(output, "response.reasoning_summary_part.done");
                }

                var encrypted = EncryptedContent(text);
                item = Item(w => ResponsesItems.WriteReasoning(w, _itemId, text, encrypted));
                break;
        }

        _done.Add(item);
        var done = Begin("response.output_item.done");
        done.WriteNumber("output_index"u8, _outputIndex);
        done.WritePropertyName("item"u8);
        done.WriteRawValue(item, skipInputValidation: true);
        End(output, "response.output_item.done");
    }

    /// <summary>The reasoning block's signature sealed with its text: Anthropic's signature or redacted data, or Gemini's thought signature.</summary>
    private string? EncryptedContent(string text) =>
        _signature.Length > 0 || _redactedData is not null ? ReasoningEnvelope.Seal(WireFormat.AnthropicMessages, text, _signature.Length > 0 ? _signature.ToString() : null, _redactedData, null)
        : _thoughtSignature is not null ? ReasoningEnvelope.Seal(WireFormat.Gemini, text, null, null, _thoughtSignature)
        : null;

    private byte[] Item(Action<Utf8JsonWriter> write)
    {
        _itemBuffer.ResetWrittenCount();
        if (_itemWriter is null)
        {
            _itemWriter = new Utf8JsonWriter(_itemBuffer, JsonDefaults.Writer);
        }
        else
        {
            _itemWriter.Reset(_itemBuffer);
        }

        write(_itemWriter);
        _itemWriter.Flush();
        return _itemBuffer.WrittenSpan.ToArray();
    }
}
