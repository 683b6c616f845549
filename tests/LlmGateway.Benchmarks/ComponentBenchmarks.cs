using System.Buffers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using LlmGateway.Protocols.Anthropic;
using LlmGateway.Protocols.OpenAI;
using LlmGateway.Translation;

namespace LlmGateway.Benchmarks;

/// <summary>The request-translation path split into its steps, to see where the time goes.</summary>
[MemoryDiagnoser]
public class ComponentBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new(4096);
    private JsonDocument _document = null!;
    private CanonicalRequest _canonical = null!;
    private CanonicalResponse _response = null!;

    [GlobalSetup]
    public void Setup()
    {
        _document = JsonDocument.Parse(Samples.OpenAIRequest);
        _canonical = OpenAIChatCodec.DecodeRequest(_document.RootElement);
        _response = AnthropicCodec.DecodeResponse(Samples.AnthropicResponse);
    }

    [GlobalCleanup]
    public void Cleanup() => _document.Dispose();

    [Benchmark(Description = "decode OpenAI request (parsed)")]
    public int DecodeOpenAIRequest() => OpenAIChatCodec.DecodeRequest(_document.RootElement).Messages.Count;

    [Benchmark(Description = "encode Anthropic request")]
    public int EncodeAnthropicRequest()
    {
        _output.ResetWrittenCount();
        AnthropicCodec.EncodeRequest(_canonical, "claude-sonnet-4-5", new AnthropicEncodeOptions(), _output);
        return _output.WrittenCount;
    }

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
