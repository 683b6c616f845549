using System.Diagnostics;
using System.Net.ServerSentEvents;
using System.Text.Json;

namespace LlmGateway.LoadHarness;

/// <summary>
/// Opens many streams through the gateway at once, half translated (to the Anthropic mock) and half pass-through
/// (to the OpenAI mock). The mock holds every stream after its first frames until all of them are open, then
/// releases them together; each client parses its stream and checks it against what the mock sent: every text
/// delta in order (translated) or every frame byte for byte (pass-through), and a proper end (<c>[DONE]</c>).
/// </summary>
internal sealed class StreamFanOut(HttpMessageInvoker client, Uri gateway, MockUpstream mock, MockResponses responses)
{
    private static readonly TimeSpan StreamTimeout = TimeSpan.FromMinutes(2);

    public async Task<FanOutResult> RunAsync(int streams, TimeSpan gateTimeout, CancellationToken cancellationToken)
    {
        var translated = new LoadTarget("fan-out translated", client, new Uri(gateway, "v1/chat/completions"),
            Payloads.OpenAIRequest(GatewayHost.HeldAnthropicProvider + "/" + Payloads.AnthropicModel, stream: true),
            [new("Authorization", "Bearer " + Payloads.ClientKey)], []);
        var passThrough = new LoadTarget("fan-out pass-through", client, new Uri(gateway, "v1/chat/completions"),
            Payloads.OpenAIRequest(GatewayHost.HeldOpenAIProvider + "/" + Payloads.OpenAIModel, stream: true),
            [new("Authorization", "Bearer " + Payloads.ClientKey)], []);

        mock.Gate.Reset(streams);
        mock.ResetHeldCounters();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StreamTimeout);
        var started = Stopwatch.GetTimestamp();
        var tasks = new Task<StreamCheck>[streams];
        for (var i = 0; i < streams; i++)
        {
            var target = i % 2 == 0 ? translated : passThrough;
            tasks[i] = Task.Run(() => CheckOneAsync(target, target == translated, timeout.Token), timeout.Token);
        }

        await Task.WhenAny(mock.Gate.Opened, Task.Delay(gateTimeout, cancellationToken)).ConfigureAwait(false);
        var allOpen = Stopwatch.GetElapsedTime(started);
        mock.Gate.Open();
        var checks = await Task.WhenAll(tasks).ConfigureAwait(false);
        var total = Stopwatch.GetElapsedTime(started);

        var translatedCount = (streams + 1) / 2;
        var mockExpected = ((long)translatedCount * responses.AnthropicFrames.Count) + ((long)(streams - translatedCount) * responses.OpenAIFrames.Count);
        return new FanOutResult(
            streams,
            mock.Gate.HeldWhenOpened,
            checks.Count(c => c.Error is null),
            checks.Count(c => c.Error is not null),
            checks.Sum(c => (long)c.Expected),
            checks.Sum(c => (long)c.Matched),
            checks.Sum(c => (long)(c.Expected - c.Matched)),
            checks.Sum(c => (long)c.Unexpected),
            checks.Count(c => !c.Terminated),
            mock.HeldFramesSent,
            mockExpected,
            allOpen.TotalSeconds,
            total.TotalSeconds,
            checks.Select(c => c.Error).FirstOrDefault(e => e is not null));
    }

    private async Task<StreamCheck> CheckOneAsync(LoadTarget target, bool translated, CancellationToken cancellationToken)
    {
        var expected = translated ? responses.Pieces : responses.OpenAIData;
        var frames = new List<string>(expected.Count + 4);
        try
        {
            using var request = target.CreateRequest();
            using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if ((int)response.StatusCode != 200)
            {
                return new StreamCheck(expected.Count, 0, 0, false, $"{target.Name}: status {(int)response.StatusCode}");
            }

            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                await foreach (var item in SseParser.Create(body).EnumerateAsync(cancellationToken).ConfigureAwait(false))
                {
                    frames.Add(item.Data);
                }
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
        {
            return new StreamCheck(expected.Count, 0, 0, false, $"{target.Name}: {ex.GetType().Name}: {ex.Message}");
        }

        var terminated = frames.Count > 0 && frames[^1] == "[DONE]" && !frames.Any(IsError);
        var received = translated ? TextDeltas(frames) : frames;
        var matched = MatchInOrder(expected, received);
        if (translated)
        {
            // Around the text deltas: the role chunk, the finish chunk, the usage chunk, [DONE].
            terminated &= frames.Any(HasFinishReason);
        }

        return new StreamCheck(expected.Count, matched, received.Count - matched, terminated, null);
    }

    /// <summary>How many of <paramref name="expected"/> appear in <paramref name="received"/>, in order.</summary>
    private static int MatchInOrder(IReadOnlyList<string> expected, IReadOnlyList<string> received)
    {
        var j = 0;
        foreach (var frame in received)
        {
            if (j < expected.Count && frame == expected[j])
            {
                j++;
            }
        }

        return j;
    }

    private static List<string> TextDeltas(List<string> frames)
    {
        var deltas = new List<string>(frames.Count);
        foreach (var frame in frames)
        {
            if (frame == "[DONE]")
            {
                continue;
            }

            using var document = JsonDocument.Parse(frame);
            if (document.RootElement.TryGetProperty("choices", out var choices) && choices.GetArrayLength() > 0
                && choices[0].TryGetProperty("delta", out var delta) && delta.TryGetProperty("content", out var content)
                && content.ValueKind == JsonValueKind.String && content.GetString() is { Length: > 0 } text)
            {
                deltas.Add(text);
            }
        }

        return deltas;
    }

    private static bool IsError(string frame) => frame.StartsWith("{\"error\"", StringComparison.Ordinal);

    private static bool HasFinishReason(string frame) =>
        frame.Contains("\"finish_reason\":\"stop\"", StringComparison.Ordinal);

    private readonly record struct StreamCheck(int Expected, int Matched, int Unexpected, bool Terminated, string? Error);
}
