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
internal sealed class ChatStreamRelay(UpstreamCall call, bool clientWantsUsage, TimeProvider timeProvider)
{
    private static readonly byte[] Done = "[DONE]"u8.ToArray();
    private readonly long _started = timeProvider.GetTimestamp();

    public TokenUsage? Usage { get; private set; }

    public TimeSpan? TimeToFirstChunk { get; private set; }

    /// <summary>Null when the stream completed; otherwise why it did not.</summary>
    public string? ErrorClass { get; private set; }

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
                var (hasNext, failure) = await NextAsync(events).ConfigureAwait(false);
                if (failure is not null)
                {
                    ErrorClass = failure.Code;
                    yield return new SseItem<ReadOnlyMemory<byte>>(OpenAIErrors.Serialize(failure));
                    break;
                }

                if (!hasNext)
                {
                    break;
                }

                call.ResetIdleTimer();
                TimeToFirstChunk ??= timeProvider.GetElapsedTime(_started);
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
                    Usage = usage;
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

            if (!sawDone && !finished && ErrorClass is null)
            {
                ErrorClass = "upstream_stream_truncated";
                yield return new SseItem<ReadOnlyMemory<byte>>(OpenAIErrors.Serialize(new GatewayError(
                    502, ErrorClass, $"Upstream '{call.Provider.Name}' ended the stream before it finished.")));
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

    private async ValueTask<(bool HasNext, GatewayError? Failure)> NextAsync(IAsyncEnumerator<SseItem<byte[]>> events)
    {
        try
        {
            return (await events.MoveNextAsync().ConfigureAwait(false), null);
        }
        catch (OperationCanceledException) when (call.TimedOut)
        {
            return (false, new GatewayError(504, "upstream_timeout",
                $"Upstream '{call.Provider.Name}' sent nothing for {call.Provider.IdleTimeout.TotalSeconds:0.###} s."));
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            return (false, new GatewayError(502, "upstream_stream_error", $"Upstream '{call.Provider.Name}' broke the stream off."));
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
