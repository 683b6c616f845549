using System.Collections.Concurrent;
using System.Net;
using System.Text;
using LlmGateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Xunit.Abstractions;

namespace LlmGateway.Tests.EndToEnd.Engine;

/// <summary>
/// Many requests over three keys of one provider, two of them flaky on a fixed seed: <see cref="Key0"/> answers 429
/// with <c>Retry-After: 1</c> on 30 % of its calls, <see cref="Key1"/> breaks the connection off mid-body on 10 %,
/// <see cref="Key2"/> always answers. No client request may fail, and no key may be called while it is cooling.
/// </summary>
public sealed class SoakTests(ITestOutputHelper output) : EngineTest
{
    private static readonly TimeSpan RateLimitCooldown = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan BrokenCooldown = TimeSpan.FromSeconds(60);
    private readonly ConcurrentQueue<Call> _calls = new();

    private enum Outcome
    {
        Ok,
        RateLimited,
        Dropped,
    }

    [Fact]
    public async Task Chat_2000SequentialRequestsOverThreeFlakyKeys_NoFailuresAndEveryCooldownHonoured()
    {
        const int Requests = 2000;
        var step = TimeSpan.FromMilliseconds(100);
        await StartGatewayAsync(keys: 3);
        Upstream.Handler = Flaky(seed: 20260101);

        var failed = new List<(int Request, HttpStatusCode Status)>();
        for (var i = 0; i < Requests; i++)
        {
            using var response = await PostChatAsync();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                failed.Add((i, response.StatusCode));
            }

            Clock.Advance(step);
        }

        var calls = _calls.ToList();
        var records = await Gateway.UsageAsync(Requests);
        Assert.Empty(failed);

        foreach (var key in new[] { Key0, Key1, Key2 })
        {
            output.WriteLine($"{key}: {calls.Count(c => c.Key == key)} calls, {calls.Count(c => c.Key == key && c.Outcome != Outcome.Ok)} failed");
        }

        // No key was called before the cooldown its last failure asked for ran out, and each came back once it had.
        var blockedUntil = new Dictionary<string, DateTimeOffset>();
        var early = new List<string>();
        var lateReturns = new List<TimeSpan>();
        for (var i = 0; i < calls.Count; i++)
        {
            var call = calls[i];
            if (blockedUntil.TryGetValue(call.Key, out var until) && call.At < until)
            {
                early.Add($"{call.Key} at {call.At:HH:mm:ss.fff}, cooling until {until:HH:mm:ss.fff}");
            }

            if (call.Outcome == Outcome.Ok)
            {
                continue;
            }

            var end = call.At + (call.Outcome == Outcome.RateLimited ? RateLimitCooldown : BrokenCooldown);
            blockedUntil[call.Key] = end;
            if (calls.Skip(i + 1).FirstOrDefault(c => c.Key == call.Key) is { } next)
            {
                lateReturns.Add(next.At - end);
            }
        }

        Assert.Empty(early);
        output.WriteLine($"{lateReturns.Count} cooldowns ended in the run; longest wait for the key's next call after its end: {lateReturns.Max().TotalMilliseconds} ms");
        Assert.All(lateReturns, late => Assert.InRange(late, TimeSpan.Zero, 5 * step));

        // Totals add up: one success per client request, plus one upstream call per failure, each failure retried.
        var rateLimited = calls.Count(c => c.Outcome == Outcome.RateLimited);
        var dropped = calls.Count(c => c.Outcome == Outcome.Dropped);
        Assert.Equal(Requests, calls.Count(c => c.Outcome == Outcome.Ok));
        Assert.Equal(Requests + rateLimited + dropped, calls.Count);
        Assert.Equal(calls.Count, records.Sum(r => r.Attempts));
        Assert.Equal(0, calls.Count(c => c.Key == Key2 && c.Outcome != Outcome.Ok));
        foreach (var (key, id) in new[] { (Key0, "openai:0"), (Key1, "openai:1"), (Key2, "openai:2") })
        {
            Assert.Equal(calls.Count(c => c.Key == key && c.Outcome == Outcome.Ok), records.Count(r => r.CredentialId == id));
        }

        // The flaky keys did fail, again and again.
        Assert.True(rateLimited >= 50, $"{rateLimited} rate limits");
        Assert.True(dropped >= 2, $"{dropped} break-offs");
    }

    [Fact]
    public async Task Chat_16ConcurrentClientsOverThreeFlakyKeys_NoFailures()
    {
        const int Requests = 800;
        await StartGatewayAsync(keys: 3);
        Upstream.Handler = Flaky(seed: 42);
        var next = -1;
        var failed = new ConcurrentQueue<HttpStatusCode>();

        await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < Requests)
            {
                using var response = await PostChatAsync();
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    failed.Enqueue(response.StatusCode);
                }

                Clock.Advance(TimeSpan.FromMilliseconds(10));
            }
        }));

        Assert.Empty(failed);
        Assert.Equal(Requests, _calls.Count(c => c.Outcome == Outcome.Ok));
        Assert.Contains(_calls, c => c.Outcome == Outcome.RateLimited);
        Assert.Contains(_calls, c => c.Outcome == Outcome.Dropped);
    }

    /// <summary>
    /// The flaky upstream. A break-off comes after the status line, the headers and part of a body whose
    /// Content-Length promised more: the connection then closes, so the gateway reads a body that ends early. Its
    /// HTTP client cannot resend the request on its own (it does that only when a reused connection fails before
    /// any response byte), and the totals below would show it if it did.
    /// </summary>
    private Func<RecordedRequest, HttpContext, Task> Flaky(int seed)
    {
        var rateLimits = new Random(seed);
        var drops = new Random(seed + 1);
        var gate = new object();
        return async (request, context) =>
        {
            var key = KeyOf(request);
            Outcome outcome;
            lock (gate)
            {
                outcome = key switch
                {
                    Key0 when rateLimits.NextDouble() < 0.30 => Outcome.RateLimited,
                    Key1 when drops.NextDouble() < 0.10 => Outcome.Dropped,
                    _ => Outcome.Ok,
                };
            }

            _calls.Enqueue(new Call(key, Clock.GetUtcNow(), outcome));
            switch (outcome)
            {
                case Outcome.RateLimited:
                    await Fail(context, 429, RetryAfter(1));
                    break;
                case Outcome.Dropped:
                    var body = Encoding.UTF8.GetBytes(Canned.Completion("cut off"));
                    context.Response.StatusCode = 200;
                    context.Response.ContentType = "application/json";
                    context.Response.ContentLength = body.Length;
                    await context.Response.Body.WriteAsync(body.AsMemory(0, 40));
                    await context.Response.Body.FlushAsync();
                    break;
                default:
                    await Ok(context);
                    break;
            }
        };
    }

    private sealed record Call(string Key, DateTimeOffset At, Outcome Outcome);
}
