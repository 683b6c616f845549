using System.Buffers;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using LlmGateway.Protocols.Anthropic;
using LlmGateway.Protocols.OpenAI;
using LlmGateway.Translation;

namespace LlmGateway.Tests.Golden;

/// <summary>
/// Runs a golden case's input through the hub exactly as the gateway does for its direction: the client's request
/// decoded and encoded for the upstream; the upstream's answer decoded and encoded for the client; the upstream's
/// SSE decoded event by event and encoded for the client, written with <see cref="SseFormatter"/>.
/// </summary>
internal static class GoldenTranslator
{
    public static string TranslateRequest(GoldenCase golden, string requestJson)
    {
        // The canonical request points into the document: it must outlive the encoding.
        using var document = JsonDocument.Parse(requestJson);
        var output = new ArrayBufferWriter<byte>();
        if (golden.Direction == GoldenDirection.OpenAIToAnthropic)
        {
            var canonical = OpenAIChatCodec.DecodeRequest(document.RootElement);
            AnthropicCodec.EncodeRequest(canonical, golden.Settings.Model, new AnthropicEncodeOptions(), output);
        }
        else
        {
            var canonical = AnthropicCodec.DecodeRequest(document.RootElement);
            OpenAIChatCodec.EncodeRequest(canonical, golden.Settings.Model, new OpenAIEncodeOptions(), output);
        }

        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    /// <summary>The upstream's non-stream body (the upstream is the format the client does not speak).</summary>
    public static string TranslateResponse(GoldenCase golden, byte[] upstreamBody)
    {
        var output = new ArrayBufferWriter<byte>();
        if (golden.Direction == GoldenDirection.OpenAIToAnthropic)
        {
            // Anthropic messages carry no timestamp: the gateway supplies the moment it answers.
            OpenAIChatCodec.EncodeResponse(AnthropicCodec.DecodeResponse(upstreamBody), output, golden.Settings.Created);
        }
        else
        {
            AnthropicCodec.EncodeResponse(OpenAIChatCodec.DecodeResponse(upstreamBody), output);
        }

        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    /// <summary>
    /// The upstream's SSE body → the client's SSE body. Like the gateway's hub stream, decoding stops at the first
    /// failure or once the decoder says the response finished, and only then is the decoder completed; the encoder
    /// sees every hub event and is completed last.
    /// </summary>
    public static async Task<string> TranslateStreamAsync(GoldenCase golden, byte[] upstreamSse)
    {
        IStreamDecoder decoder = golden.Direction == GoldenDirection.OpenAIToAnthropic ? new AnthropicStreamDecoder() : new OpenAIStreamDecoder();
        IStreamEncoder encoder = golden.Direction == GoldenDirection.OpenAIToAnthropic
            ? new OpenAIStreamEncoder(golden.Settings.IncludeUsage, golden.Settings.Created)
            : new AnthropicStreamEncoder(golden.Settings.EstimatedInputTokens);

        var hubEvents = new List<StreamEvent>();
        var failed = false;
        using (var input = new MemoryStream(upstreamSse))
        {
            foreach (var item in SseParser.Create(input, static (_, data) => data.ToArray()).Enumerate())
            {
                var before = hubEvents.Count;
                decoder.Decode(item.EventType, item.Data, hubEvents);
                failed = hubEvents.Skip(before).Any(e => e is StreamFailed);
                if (failed || decoder.Finished)
                {
                    break;
                }
            }
        }

        if (!failed)
        {
            decoder.Complete(hubEvents);
        }

        var clientItems = new List<SseItem<ReadOnlyMemory<byte>>>();
        foreach (var hubEvent in hubEvents)
        {
            encoder.Encode(hubEvent, clientItems);
        }

        encoder.Complete(clientItems);

        using var output = new MemoryStream();
        await SseFormatter.WriteAsync(ToAsync(clientItems), output, static (item, writer) => writer.Write(item.Data.Span));
        return Encoding.UTF8.GetString(output.ToArray());
    }

    private static async IAsyncEnumerable<SseItem<ReadOnlyMemory<byte>>> ToAsync(List<SseItem<ReadOnlyMemory<byte>>> items)
    {
        foreach (var item in items)
        {
            yield return item;
        }

        await Task.CompletedTask;
    }
}
