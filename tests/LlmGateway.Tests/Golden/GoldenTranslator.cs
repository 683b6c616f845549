using System.Buffers;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using LlmGateway.Protocols.Anthropic;
using LlmGateway.Protocols.Gemini;
using LlmGateway.Protocols.OpenAI;
using LlmGateway.Protocols.Responses;
using LlmGateway.Translation;

namespace LlmGateway.Tests.Golden;

/// <summary>
/// Runs a golden case's input through the hub exactly as the gateway does for its direction: the client's request
/// decoded and encoded for the upstream; the upstream's answer decoded and encoded for the client; the upstream's
/// SSE decoded event by event and encoded for the client, written with <see cref="SseFormatter"/>. A Gemini client's
/// model and stream flag come from its URL (<see cref="GoldenCaseSettings.UrlModel"/>, <see cref="GoldenCaseSettings.Stream"/>),
/// as <c>GeminiSurface</c> reads them; a Gemini upstream is encoded with the options <c>GeminiDialect</c> uses.
/// </summary>
internal static class GoldenTranslator
{
    public static string TranslateRequest(GoldenCase golden, string requestJson)
    {
        // The canonical request points into the document (Anthropic, Gemini): it must outlive the encoding. OpenAI
        // requests are decoded from the bytes, as the gateway does.
        using var document = JsonDocument.Parse(requestJson);
        var settings = golden.Settings;
        var canonical = golden.Direction.Client() switch
        {
            WireFormat.OpenAIChat => OpenAIChatCodec.DecodeRequest(Encoding.UTF8.GetBytes(requestJson)),
            WireFormat.AnthropicMessages => AnthropicCodec.DecodeRequest(document.RootElement),
            WireFormat.OpenAIResponses => ResponsesCodec.DecodeRequest(document.RootElement),
            _ => GeminiCodec.DecodeRequest(document.RootElement, settings.UrlModel),
        };
        if (golden.Direction.Client() == WireFormat.Gemini)
        {
            canonical.Stream = settings.Stream;
        }

        var output = new ArrayBufferWriter<byte>();
        switch (golden.Direction.Upstream())
        {
            case WireFormat.OpenAIChat:
                OpenAIChatCodec.EncodeRequest(canonical, settings.Model, new OpenAIEncodeOptions(), output);
                break;
            case WireFormat.AnthropicMessages:
                AnthropicCodec.EncodeRequest(canonical, settings.Model, new AnthropicEncodeOptions(), output);
                break;
            case WireFormat.OpenAIResponses:
                ResponsesCodec.EncodeRequest(canonical, settings.Model, output);
                break;
            default:
                GeminiCodec.EncodeRequest(canonical, new GeminiEncodeOptions(), output);
                break;
        }

        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    /// <summary>The upstream's non-stream body (the upstream is the format the client does not speak).</summary>
    public static string TranslateResponse(GoldenCase golden, byte[] upstreamBody)
    {
        var canonical = golden.Direction.Upstream() switch
        {
            WireFormat.OpenAIChat => OpenAIChatCodec.DecodeResponse(upstreamBody),
            WireFormat.AnthropicMessages => AnthropicCodec.DecodeResponse(upstreamBody),
            WireFormat.OpenAIResponses => ResponsesCodec.DecodeResponse(upstreamBody),
            _ => GeminiCodec.DecodeResponse(upstreamBody),
        };
        var output = new ArrayBufferWriter<byte>();
        switch (golden.Direction.Client())
        {
            case WireFormat.OpenAIChat:
                // Anthropic and Gemini answers carry no timestamp: the gateway supplies the moment it answers.
                OpenAIChatCodec.EncodeResponse(canonical, output, golden.Settings.Created);
                break;
            case WireFormat.AnthropicMessages:
                AnthropicCodec.EncodeResponse(canonical, output);
                break;
            case WireFormat.OpenAIResponses:
                ResponsesCodec.EncodeResponse(canonical, output, golden.Settings.Created);
                break;
            default:
                GeminiCodec.EncodeResponse(canonical, output);
                break;
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
        IStreamDecoder decoder = golden.Direction.Upstream() switch
        {
            WireFormat.OpenAIChat => new OpenAIStreamDecoder(),
            WireFormat.AnthropicMessages => new AnthropicStreamDecoder(),
            WireFormat.OpenAIResponses => new ResponsesStreamDecoder(),
            _ => new GeminiStreamDecoder(),
        };
        IStreamEncoder encoder = golden.Direction.Client() switch
        {
            WireFormat.OpenAIChat => new OpenAIStreamEncoder(golden.Settings.IncludeUsage, golden.Settings.Created),
            WireFormat.AnthropicMessages => new AnthropicStreamEncoder(golden.Settings.EstimatedInputTokens),
            WireFormat.OpenAIResponses => new ResponsesStreamEncoder(golden.Settings.Created, golden.Settings.EstimatedInputTokens),
            _ => new GeminiStreamEncoder(),
        };

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
