using System.Buffers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using LlmGateway.Json;
using LlmGateway.Protocols.Anthropic;
using LlmGateway.Protocols.Gemini;
using LlmGateway.Protocols.OpenAI;
using LlmGateway.Translation;

namespace LlmGateway.Benchmarks;

/// <summary>The request-translation path split into its steps, to see where the time goes.</summary>
[MemoryDiagnoser]
public class ComponentBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new(4096);
    private CanonicalRequest _canonical = null!;
    private ChatRequestInfo _info;
    private CanonicalResponse _response = null!;
    private Utf8JsonWriter _schemaWriter = null!;

    [GlobalSetup]
    public void Setup()
    {
        _canonical = OpenAIChatCodec.DecodeRequest(Samples.OpenAIRequest);
        _info = ChatRequestInfo.Read(Samples.OpenAIRequest);
        _response = AnthropicCodec.DecodeResponse(Samples.AnthropicResponse);
        _schemaWriter = new Utf8JsonWriter(_output, JsonDefaults.Writer);
    }

    [Benchmark(Description = "pass-through scan of the OpenAI request")]
    public int ScanOpenAIRequest() => ChatRequestInfo.Read(Samples.OpenAIRequest).Model.Length;

    [Benchmark(Description = "pass-through rewrite from the scan")]
    public int RewriteOpenAIRequest()
    {
        using var rewritten = ChatRequestRewriter.Rewrite(Samples.OpenAIRequest, _info.Layout, "gpt-4o", includeUsage: true);
        return rewritten.Length;
    }

    [Benchmark(Description = "decode OpenAI request from bytes")]
    public int DecodeOpenAIRequest() => OpenAIChatCodec.DecodeRequest(Samples.OpenAIRequest).Messages.Count;

    [Benchmark(Description = "encode Anthropic request")]
    public int EncodeAnthropicRequest()
    {
        _output.ResetWrittenCount();
        AnthropicCodec.EncodeRequest(_canonical, "claude-sonnet-4-5", new AnthropicEncodeOptions(), _output);
        return _output.WrittenCount;
    }

    [Benchmark(Description = "encode Gemini request")]
    public int EncodeGeminiRequest()
    {
        _output.ResetWrittenCount();
        GeminiCodec.EncodeRequest(_canonical, new GeminiEncodeOptions(), _output);
        return _output.WrittenCount;
    }

    [Benchmark(Description = "sanitise the sample tool schema for Gemini (UTF-8, uncached)")]
    public int SanitiseGeminiSchemaUtf8()
    {
        _output.ResetWrittenCount();
        _schemaWriter.Reset(_output);
        GeminiSchema.Write(_schemaWriter, _canonical.Tools[0].ParametersUtf8.Span);
        _schemaWriter.Flush();
        return _output.WrittenCount;
    }

    [Benchmark(Description = "decode Gemini response")]
    public int DecodeGeminiResponse() => GeminiCodec.DecodeResponse(Samples.GeminiResponse).Content.Count;

    [Benchmark(Description = "decode Anthropic response")]
    public int DecodeAnthropicResponse() => AnthropicCodec.DecodeResponse(Samples.AnthropicResponse).Content.Count;

    [Benchmark(Description = "encode OpenAI response")]
    public int EncodeOpenAIResponse()
    {
        _output.ResetWrittenCount();
        OpenAIChatCodec.EncodeResponse(_response, _output, 1_700_000_000);
        return _output.WrittenCount;
    }
}
