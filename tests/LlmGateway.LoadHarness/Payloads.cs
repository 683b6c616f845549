using System.Text;
using System.Text.Json.Nodes;
using LlmGateway.Benchmarks;

namespace LlmGateway.LoadHarness;

/// <summary>
/// What the harness sends: the 2 KB Chat Completions request of the component benchmarks (system prompt, history,
/// a tool definition and a tool round trip), compacted as SDKs send it, for any model, stream or not.
/// </summary>
internal static class Payloads
{
    public const string ClientKey = "sk-loadharness-client-0001";
    public const string UpstreamKey = "sk-loadharness-upstream-0001";
    public const string AnthropicModel = "claude-sonnet-4-5";
    public const string OpenAIModel = "gpt-4o";

    /// <summary>The sample request with <paramref name="model"/>; without <c>stream</c> and <c>stream_options</c> when not streaming.</summary>
    public static byte[] OpenAIRequest(string model, bool stream)
    {
        var node = JsonNode.Parse(Samples.OpenAIRequest)!.AsObject();
        node["model"] = model;
        if (!stream)
        {
            node.Remove("stream");
            node.Remove("stream_options");
        }

        return Encoding.UTF8.GetBytes(node.ToJsonString());
    }
}
