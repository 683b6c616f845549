using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using LlmGateway.Execution;
using LlmGateway.Http;
using LlmGateway.Json;
using LlmGateway.Usage;

namespace LlmGateway.Protocols.OpenAI;

/// <summary>
/// Relays an OpenAI-compatible upstream stream to an OpenAI client chunk by chunk, byte for byte, except for usage:
/// the upstream is always asked for it (to meter), and the client gets the spec's separate <c>choices: []</c>
/// usage chunk only if it asked. Ends with <c>[DONE]</c> on every path; a failure after the first byte becomes an
/// in-band <c>{"error":...}</c> frame.
/// </summary>
internal sealed class ChatStreamRelay(UpstreamCall call, bool clientWantsUsage, StreamTally tally)
{
    private static readonly byte[] Done = "[DONE]"u8.ToArray();

    public async IAsyncEnumerable<SseItem<ReadOnlyMemory<byte>>> RelayAsync(Stream upstream, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var parser = SseParser.Create(upstream, static (_, data) => data.ToArray());
        var events = parser.EnumerateAsync(call.Token).GetAsyncEnumerator(call.Token);
        byte[]? pendingUsageChunk = null;
        var finished = false;
        var sawDone = false;
        try
        {
            while (true)
            {
                var (hasNext, failure) = await HubStream.NextAsync(call, events).ConfigureAwait(false);
                if (failure is not null)
                {
                    tally.Fail(failure);
                    yield return new SseItem<ReadOnlyMemory<byte>>(OpenAIErrors.Serialize(failure));
                    break;
                }

                if (!hasNext)
                {
                    break;
                }

                call.ResetIdleTimer();
                tally.MarkEvent();
                var data = events.Current.Data;
                if (data.AsSpan().SequenceEqual(Done))
                {
                    sawDone = true;
                    break;
                }

                var info = ChatChunkInfo.Read(data);
                finished |= info.Finished;
                if (info.Usage is { } usage)
                {
                    tally.SetUsage(usage);
                    if (info.ChoicesEmpty)
                    {
                        if (clientWantsUsage)
                        {
                            pendingUsageChunk = data;
                        }

                        continue;
                    }

                    // A non-standard upstream put usage on a content chunk: split it the way the spec has it.
                    (data, var usageChunk) = SplitUsage(data);
                    pendingUsageChunk = clientWantsUsage ? usageChunk : null;
                }

                yield return new SseItem<ReadOnlyMemory<byte>>(data);
            }

            if (!sawDone && !finished && tally.Failure is null)
            {
                var truncated = new GatewayError(502, "upstream_stream_truncated", $"Upstream '{call.Provider.Name}' ended the stream before it finished.");
                tally.Fail(truncated);
                yield return new SseItem<ReadOnlyMemory<byte>>(OpenAIErrors.Serialize(truncated));
            }

            if (finished || sawDone)
            {
                tally.MarkFinished();
            }

            if (pendingUsageChunk is not null)
            {
                yield return new SseItem<ReadOnlyMemory<byte>>(pendingUsageChunk);
            }

            yield return new SseItem<ReadOnlyMemory<byte>>(Done);
        }
        finally
        {
            await events.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static (byte[] Content, byte[] UsageChunk) SplitUsage(byte[] data)
    {
        var node = JsonNode.Parse(data)!.AsObject();
        var usage = node["usage"]!.DeepClone();
        node["usage"] = null;
        var usageChunk = new JsonObject
        {
            ["id"] = node["id"]?.DeepClone(),
            ["object"] = node["object"]?.DeepClone(),
            ["created"] = node["created"]?.DeepClone(),
            ["model"] = node["model"]?.DeepClone(),
            ["choices"] = new JsonArray(),
            ["usage"] = usage,
        };
        return (JsonBytes.From(node), JsonBytes.From(usageChunk));
    }
}
