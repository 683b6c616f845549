using System.Buffers;
using System.Net.ServerSentEvents;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using LlmGateway.Protocols.Anthropic;
using LlmGateway.Protocols.Gemini;
using LlmGateway.Protocols.OpenAI;
using LlmGateway.Protocols.Responses;
using LlmGateway.Translation;

namespace LlmGateway.Benchmarks;

/// <summary>
/// Targets (2-core machine): a 2 KB OpenAI request translated to Anthropic and the answer translated back ≤ 15 µs
/// and ≤ 16 KB allocated (the same for a Responses request); one stream chunk each way ≤ 2 µs; pass-through of the same
/// request ≤ 5 µs.
/// Each starts from the bytes, as the gateway does: the pass-through is the one-pass scan
/// (<see cref="ChatRequestInfo.Read(ReadOnlySpan{byte})"/>) and the rewrite from its layout; a translation decodes
/// the bytes in one reader pass (<see cref="OpenAIChatCodec.DecodeRequest(ReadOnlySpan{byte})"/>), encodes for the
/// upstream, decodes the upstream's answer and encodes it for the client. Results: docs/performance.md.
/// </summary>
[MemoryDiagnoser]
public class TranslationBenchmarks
{
    private static readonly AnthropicEncodeOptions AnthropicOptions = new() { DefaultMaxTokens = 8192 };
    private static readonly OpenAIEncodeOptions OpenAIOptions = new();
    private static readonly GeminiEncodeOptions GeminiOptions = new();
    private readonly ArrayBufferWriter<byte> _anthropic = new(4096);
    private readonly ArrayBufferWriter<byte> _openAI = new(4096);
    private readonly List<StreamEvent> _events = new(8);
    private readonly List<SseItem<ReadOnlyMemory<byte>>> _output = new(8);
    private OpenAIStreamDecoder _openAIDecoder = null!;
    private AnthropicStreamEncoder _anthropicEncoder = null!;
    private AnthropicStreamDecoder _anthropicDecoder = null!;
    private OpenAIStreamEncoder _openAIEncoder = null!;
    private GeminiStreamDecoder _geminiDecoder = null!;
    private OpenAIStreamEncoder _openAIFromGemini = null!;
    private readonly ArrayBufferWriter<byte> _gemini = new(4096);
    private readonly ArrayBufferWriter<byte> _responses = new(4096);
    private AnthropicStreamDecoder _anthropicForResponses = null!;
    private ResponsesStreamEncoder _responsesEncoder = null!;

    [GlobalSetup]
    public void Setup()
    {
        // Streams primed past their first event, so each benchmark measures one steady-state content chunk.
        _openAIDecoder = new OpenAIStreamDecoder();
        _anthropicEncoder = new AnthropicStreamEncoder(512);
        Feed(_openAIDecoder, null, Samples.OpenAIFirstChunk, _anthropicEncoder);
        Feed(_openAIDecoder, null, Samples.OpenAIChunk, _anthropicEncoder);

        _anthropicDecoder = new AnthropicStreamDecoder();
        _openAIEncoder = new OpenAIStreamEncoder(includeUsage: false, created: 1_700_000_000);
        Feed(_anthropicDecoder, "message_start", Samples.AnthropicMessageStart, _openAIEncoder);
        Feed(_anthropicDecoder, "content_block_start", Samples.AnthropicBlockStart, _openAIEncoder);

        _geminiDecoder = new GeminiStreamDecoder();
        _openAIFromGemini = new OpenAIStreamEncoder(includeUsage: false, created: 1_700_000_000);
        Feed(_geminiDecoder, null, Samples.GeminiChunk, _openAIFromGemini);

        // Primed past the first text delta, so the message item is open and each chunk is one output_text.delta.
        _anthropicForResponses = new AnthropicStreamDecoder();
        _responsesEncoder = new ResponsesStreamEncoder(1_700_000_000, 512);
        Feed(_anthropicForResponses, "message_start", Samples.AnthropicMessageStart, _responsesEncoder);
        Feed(_anthropicForResponses, "content_block_start", Samples.AnthropicBlockStart, _responsesEncoder);
        Feed(_anthropicForResponses, "content_block_delta", Samples.AnthropicTextDelta, _responsesEncoder);
    }

    [Benchmark(Description = "2 KB request Responses → Anthropic, answer back")]
    public int ResponsesRequestAndResponse()
    {
        using var responses = JsonDocument.Parse(Samples.ResponsesRequest);
        var canonical = ResponsesCodec.DecodeRequest(responses.RootElement);
        _anthropic.ResetWrittenCount();
        AnthropicCodec.EncodeRequest(canonical, "claude-sonnet-4-5", AnthropicOptions, _anthropic);

        var response = AnthropicCodec.DecodeResponse(Samples.AnthropicResponse);
        _responses.ResetWrittenCount();
        ResponsesCodec.EncodeResponse(response, _responses, 1_700_000_000);
        return _anthropic.WrittenCount + _responses.WrittenCount;
    }

    [Benchmark(Description = "stream chunk Anthropic → Responses")]
    public int ChunkAnthropicToResponses() => Feed(_anthropicForResponses, "content_block_delta", Samples.AnthropicTextDelta, _responsesEncoder);

    [Benchmark(Description = "2 KB request OpenAI → Gemini, answer back")]
    public int GeminiRequestAndResponse()
    {
        var canonical = OpenAIChatCodec.DecodeRequest(Samples.OpenAIRequest);
        _gemini.ResetWrittenCount();
        GeminiCodec.EncodeRequest(canonical, GeminiOptions, _gemini);

        var response = GeminiCodec.DecodeResponse(Samples.GeminiResponse);
        _openAI.ResetWrittenCount();
        OpenAIChatCodec.EncodeResponse(response, _openAI, 1_700_000_000);
        return _gemini.WrittenCount + _openAI.WrittenCount;
    }

    [Benchmark(Description = "gateway path: 2 KB request OpenAI → Gemini, answer back (routing scan included)")]
    public int GeminiGatewayPath()
    {
        var info = ChatRequestInfo.Read(Samples.OpenAIRequest);
        return info.Model.Length + GeminiRequestAndResponse();
    }

    [Benchmark(Description = "gateway path: 2 KB request OpenAI → Anthropic, answer back (routing scan included)")]
    public int AnthropicGatewayPath()
    {
        var info = ChatRequestInfo.Read(Samples.OpenAIRequest);
        return info.Model.Length + RequestAndResponse();
    }

    [Benchmark(Description = "stream chunk Gemini → OpenAI")]
    public int ChunkGeminiToOpenAI() => Feed(_geminiDecoder, null, Samples.GeminiChunk, _openAIFromGemini);

    [Benchmark(Description = "2 KB request OpenAI → Anthropic, answer back")]
    public int RequestAndResponse()
    {
        var canonical = OpenAIChatCodec.DecodeRequest(Samples.OpenAIRequest);
        _anthropic.ResetWrittenCount();
        AnthropicCodec.EncodeRequest(canonical, "claude-sonnet-4-5", AnthropicOptions, _anthropic);

        var response = AnthropicCodec.DecodeResponse(Samples.AnthropicResponse);
        _openAI.ResetWrittenCount();
        OpenAIChatCodec.EncodeResponse(response, _openAI, 1_700_000_000);
        return _anthropic.WrittenCount + _openAI.WrittenCount;
    }

    [Benchmark(Description = "2 KB request OpenAI → Anthropic → OpenAI")]
    public int RequestRoundTrip()
    {
        var canonical = OpenAIChatCodec.DecodeRequest(Samples.OpenAIRequest);
        _anthropic.ResetWrittenCount();
        AnthropicCodec.EncodeRequest(canonical, "claude-sonnet-4-5", AnthropicOptions, _anthropic);

        using var anthropic = JsonDocument.Parse(_anthropic.WrittenMemory);
        var back = AnthropicCodec.DecodeRequest(anthropic.RootElement);
        _openAI.ResetWrittenCount();
        OpenAIChatCodec.EncodeRequest(back, "gpt-4o", OpenAIOptions, _openAI);
        return _openAI.WrittenCount;
    }

    [Benchmark(Description = "stream chunk OpenAI → Anthropic")]
    public int ChunkOpenAIToAnthropic() => Feed(_openAIDecoder, null, Samples.OpenAIChunk, _anthropicEncoder);

    [Benchmark(Description = "stream chunk Anthropic → OpenAI")]
    public int ChunkAnthropicToOpenAI() => Feed(_anthropicDecoder, "content_block_delta", Samples.AnthropicTextDelta, _openAIEncoder);

    [Benchmark(Description = "2 KB request pass-through (model rewrite)")]
    public int PassThrough()
    {
        var info = ChatRequestInfo.Read(Samples.OpenAIRequest);
        using var rewritten = ChatRequestRewriter.Rewrite(Samples.OpenAIRequest, info.Layout, "gpt-4o", includeUsage: info.Stream);
        return rewritten.Length;
    }

    [Benchmark(Description = "baseline: JsonDocument.Parse of the 2 KB request")]
    public int BaselineParse()
    {
        using var document = JsonDocument.Parse(Samples.OpenAIRequest);
        return document.RootElement.ValueKind == JsonValueKind.Object ? 1 : 0;
    }

    [Benchmark(Description = "baseline: one Utf8JsonReader pass over the 2 KB request")]
    public int BaselineReader()
    {
        var reader = new Utf8JsonReader(Samples.OpenAIRequest);
        var tokens = 0;
        while (reader.Read())
        {
            tokens++;
        }

        return tokens;
    }

    private int Feed(IStreamDecoder decoder, string? eventType, byte[] data, IStreamEncoder encoder)
    {
        _events.Clear();
        _output.Clear();
        decoder.Decode(eventType, data, _events);
        foreach (var streamEvent in _events)
        {
            encoder.Encode(streamEvent, _output);
        }

        return _output.Count;
    }
}
