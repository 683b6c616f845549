using System.Net.ServerSentEvents;
using LlmGateway.Http;

namespace LlmGateway.Protocols.OpenAI;

/// <summary>
/// How every OpenAI-style stream the gateway encodes (chat chunks, legacy completions) ends: a failure is an in-band
/// <c>{"error":...}</c> frame, a stream cut short gets one, and <c>[DONE]</c> always comes last.
/// </summary>
internal static class OpenAIStreamEnd
{
    private static readonly byte[] Done = "[DONE]"u8.ToArray();

    private static readonly GatewayError Truncated =
        new(502, "upstream_stream_truncated", "The upstream stream ended before the response finished.");

    public static void Fail(GatewayError error, List<SseItem<ReadOnlyMemory<byte>>> output) =>
        output.Add(new SseItem<ReadOnlyMemory<byte>>(OpenAIErrors.Serialize(error)));

    /// <param name="ended">Whether the stream already finished or failed; if not, the truncation error goes first.</param>
    public static void Complete(bool ended, List<SseItem<ReadOnlyMemory<byte>>> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!ended)
        {
            Fail(Truncated, output);
        }

        output.Add(new SseItem<ReadOnlyMemory<byte>>(Done));
    }
}
