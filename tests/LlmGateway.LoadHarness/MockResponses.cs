using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LlmGateway.Benchmarks;

namespace LlmGateway.LoadHarness;

/// <summary>
/// The mock upstream's answers, precomputed as bytes: an Anthropic Messages answer and an OpenAI Chat Completions
/// answer (text plus a tool call, as compact JSON), and one SSE stream of each carrying <see cref="Pieces"/> as text
/// deltas. A stream is a list of frames; the mock writes and flushes them one by one.
/// </summary>
internal sealed class MockResponses
{
    public MockResponses(int textDeltas)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(textDeltas, 1);
        Pieces = Enumerable.Range(1, textDeltas)
            .Select(i => string.Create(CultureInfo.InvariantCulture, $"piece {i:000} of the answer; "))
            .ToArray();
        AnthropicMessage = Compact(Samples.AnthropicResponse);
        OpenAICompletion = Encoding.UTF8.GetBytes(OpenAICompletionJson);
        AnthropicFrames = [.. AnthropicEvents().Select(e => Frame(e.Type, e.Data))];
        OpenAIData = OpenAIChunks().ToArray();
        OpenAIFrames = [.. OpenAIData.Select(data => Frame(null, data))];
    }

    /// <summary>The text deltas of every stream, in order.</summary>
    public IReadOnlyList<string> Pieces { get; }

    public byte[] AnthropicMessage { get; }

    public byte[] OpenAICompletion { get; }

    /// <summary>message_start, content_block_start, ping, the text deltas, content_block_stop, message_delta, message_stop.</summary>
    public IReadOnlyList<byte[]> AnthropicFrames { get; }

    /// <summary>The <c>data</c> of each OpenAI frame: role chunk, the text deltas, finish chunk, usage chunk, <c>[DONE]</c>.</summary>
    public IReadOnlyList<string> OpenAIData { get; }

    public IReadOnlyList<byte[]> OpenAIFrames { get; }

    /// <summary>Frames a held stream sends before waiting for the others (up to and including the block start).</summary>
    public static int AnthropicLeadingFrames => 2;

    /// <summary>Frames a held OpenAI stream sends before waiting (the role chunk).</summary>
    public static int OpenAILeadingFrames => 1;

    private const string OpenAICompletionJson =
        """{"id":"chatcmpl-loadharness","object":"chat.completion","created":1700000000,"model":"gpt-4o-2024-08-06","choices":[{"index":0,"message":{"role":"assistant","content":"Pack layers: a light waterproof jacket, a warm sweater for the evenings (14 to 15 C), comfortable walking shoes with grip for the wet cobblestones, and a compact umbrella for Sunday. If Sunday is rainy, try the Gulbenkian Museum, the Oceanarium, the LX Factory's bookshops and cafes, or a long lunch in the Time Out Market.","refusal":null,"tool_calls":[{"id":"call_02","type":"function","function":{"name":"get_forecast","arguments":"{\"city\":\"Lisbon\",\"days\":[\"monday\"],\"unit\":\"celsius\"}"}}]},"logprobs":null,"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":412,"completion_tokens":96,"total_tokens":508,"prompt_tokens_details":{"cached_tokens":128},"completion_tokens_details":{"reasoning_tokens":0}},"service_tier":"default","system_fingerprint":"fp_loadharness"}""";

    private const string ChunkPrefix = """{"id":"chatcmpl-loadharness-stream","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_loadharness","choices":""";

    private IEnumerable<(string Type, string Data)> AnthropicEvents()
    {
        yield return ("message_start", """{"type":"message_start","message":{"id":"msg_01LoadHarnessStream","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":412,"cache_creation_input_tokens":0,"cache_read_input_tokens":128,"output_tokens":1,"service_tier":"standard"}}}""");
        yield return ("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}""");
        yield return ("ping", """{"type": "ping"}""");
        foreach (var piece in Pieces)
        {
            yield return ("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":""" + Quote(piece) + "}}");
        }

        yield return ("content_block_stop", """{"type":"content_block_stop","index":0}""");
        yield return ("message_delta", """{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":""" + Pieces.Count.ToString(CultureInfo.InvariantCulture) + "}}");
        yield return ("message_stop", """{"type":"message_stop"}""");
    }

    private IEnumerable<string> OpenAIChunks()
    {
        yield return ChunkPrefix + """[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}],"usage":null}""";
        foreach (var piece in Pieces)
        {
            yield return ChunkPrefix + """[{"index":0,"delta":{"content":""" + Quote(piece) + """},"logprobs":null,"finish_reason":null}],"usage":null}""";
        }

        yield return ChunkPrefix + """[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"usage":null}""";
        yield return ChunkPrefix + """[],"usage":{"prompt_tokens":412,"completion_tokens":""" + Pieces.Count.ToString(CultureInfo.InvariantCulture)
            + ""","total_tokens":""" + (412 + Pieces.Count).ToString(CultureInfo.InvariantCulture)
            + ""","prompt_tokens_details":{"cached_tokens":128},"completion_tokens_details":{"reasoning_tokens":0}}}""";
        yield return "[DONE]";
    }

    private static byte[] Frame(string? eventType, string data) =>
        Encoding.UTF8.GetBytes((eventType is null ? "" : "event: " + eventType + "\n") + "data: " + data + "\n\n");

    private static byte[] Compact(byte[] json) => Encoding.UTF8.GetBytes(JsonNode.Parse(json)!.ToJsonString());

    private static string Quote(string value) => JsonSerializer.Serialize(value);
}
