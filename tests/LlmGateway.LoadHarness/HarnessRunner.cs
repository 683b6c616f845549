using System.Diagnostics;
using System.Net;
using System.Runtime;
using System.Text;
using System.Text.Json;

namespace LlmGateway.LoadHarness;

/// <summary>
/// Starts the mock upstream, the bare proxy and the gateway on loopback, runs the scenarios the options select and
/// returns the measurements. Everything runs in this process, so client, gateway and mock share the machine's
/// cores; the direct and bare-proxy paths pay the same client and mock costs, which the differences cancel.
/// </summary>
internal sealed class HarnessRunner : IAsyncDisposable
{
    public const string Direct = "direct";
    public const string Proxy = "bare proxy";
    public const string Gateway = "gateway";

    private static readonly byte[] OpenAIStreamEnd = "data: [DONE]\n\n"u8.ToArray();
    private static readonly byte[] AnthropicStreamEnd = "{\"type\":\"message_stop\"}\n\n"u8.ToArray();
    private static readonly byte[] JsonEnd = "}"u8.ToArray();

    private readonly HarnessOptions _options;
    private readonly TextWriter _progress;
    private readonly MockResponses _responses;
    private readonly MockUpstream _mock;
    private readonly BareProxy? _proxy;
    private readonly GatewayHost _gateway;
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly HttpMessageInvoker _directClient = CreateClient();
    private readonly HttpMessageInvoker _proxyClient = CreateClient();
    private readonly HttpMessageInvoker _gatewayClient = CreateClient();

    private HarnessRunner(HarnessOptions options, TextWriter progress, MockResponses responses, MockUpstream mock, BareProxy? proxy, GatewayHost gateway)
    {
        _options = options;
        _progress = progress;
        _responses = responses;
        _mock = mock;
        _proxy = proxy;
        _gateway = gateway;
    }

    public static async Task<HarnessRunner> StartAsync(HarnessOptions options, TextWriter progress)
    {
        ArgumentNullException.ThrowIfNull(options);
        var responses = new MockResponses(options.Deltas);
        var mock = await MockUpstream.StartAsync(responses).ConfigureAwait(false);
        var proxy = options.BareProxy ? await BareProxy.StartAsync(mock.BaseUri).ConfigureAwait(false) : null;
        var gateway = await GatewayHost.StartAsync(mock.BaseUri).ConfigureAwait(false);
        progress.WriteLine($"mock {mock.BaseUri}, gateway {gateway.BaseUri}" + (proxy is null ? "" : $", bare proxy {proxy.BaseUri}"));
        return new HarnessRunner(options, progress, responses, mock, proxy, gateway);
    }

    public async Task<HarnessReport> RunAsync(CancellationToken cancellationToken = default)
    {
        var report = new HarnessReport(_options);
        var scenarios = Scenario.All.Where(s => _options.Runs(s.Name)).ToList();
        var targets = new Dictionary<Scenario, IReadOnlyList<LoadTarget>>();
        foreach (var scenario in scenarios)
        {
            targets[scenario] = await PrepareAsync(scenario, cancellationToken).ConfigureAwait(false);
        }

        var started = Stopwatch.GetTimestamp();
        var quiet = await WarmUpAsync(targets.Values.SelectMany(t => t).ToList(), 4, _options.Quick ? 100 : 300, 0, _options.Quick ? 3 : 30, cancellationToken)
            .ConfigureAwait(false);
        report.WarmUp = Stopwatch.GetElapsedTime(started);
        report.JitQuiet = quiet;
        _progress.WriteLine($"[{Stopwatch.GetElapsedTime(_started).TotalSeconds,5:0.0} s] warm-up: {report.WarmUp.TotalSeconds:0.0} s, {JitInfo.GetCompiledMethodCount():N0} methods compiled" + (quiet ? "" : " (JIT not yet quiet)"));
        var jitMethods = JitInfo.GetCompiledMethodCount();
        var jitTime = JitInfo.GetCompilationTime();
        foreach (var concurrency in _options.ConcurrencyLevels)
        {
            foreach (var scenario in scenarios)
            {
                _progress.WriteLine($"[{Stopwatch.GetElapsedTime(_started).TotalSeconds,5:0.0} s] {scenario.Name}, c={concurrency}: {_options.RequestsAt(concurrency):N0} requests per path");
                report.Latency.Add(await MeasureAsync(scenario, targets[scenario], concurrency, cancellationToken).ConfigureAwait(false));
            }
        }

        report.JitMethodsWhileMeasuring = JitInfo.GetCompiledMethodCount() - jitMethods;
        report.JitTimeWhileMeasuring = JitInfo.GetCompilationTime() - jitTime;
        if (_options.Runs(Scenario.FanOutName))
        {
            _progress.WriteLine($"[{Stopwatch.GetElapsedTime(_started).TotalSeconds,5:0.0} s] {Scenario.FanOutName}: {_options.Streams:N0} concurrent streams");
            var fanOut = new StreamFanOut(_gatewayClient, _gateway.BaseUri, _mock, _responses);
            report.FanOut = await fanOut.RunAsync(_options.Streams, TimeSpan.FromSeconds(_options.Quick ? 10 : 30), cancellationToken).ConfigureAwait(false);
        }

        return report;
    }

    public async ValueTask DisposeAsync()
    {
        _directClient.Dispose();
        _proxyClient.Dispose();
        _gatewayClient.Dispose();
        await _gateway.DisposeAsync().ConfigureAwait(false);
        if (_proxy is not null)
        {
            await _proxy.DisposeAsync().ConfigureAwait(false);
        }

        await _mock.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Sends requests on every path until the JIT has settled: tiered compilation promotes hot methods to optimised
    /// code only after they have been called a while and the JIT has been quiet for 100 ms, and code still at tier 0
    /// (or instrumented for PGO) costs several times more. Measuring before that measures the JIT. Returns whether
    /// the JIT went quiet (two batches in a row compiled at most two methods) before <paramref name="maxSeconds"/>.
    /// </summary>
    private static async Task<bool> WarmUpAsync(IReadOnlyList<LoadTarget> targets, int concurrency, int batch, int minimum, double maxSeconds, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(Stopwatch.Frequency * maxSeconds);
        var quietBatches = 0;
        var sent = 0;
        while (sent < minimum || (quietBatches < 2 && Stopwatch.GetTimestamp() < deadline))
        {
            var before = JitInfo.GetCompiledMethodCount();
            foreach (var target in targets)
            {
                await LoadRunner.RunAsync(target, concurrency, batch, null, cancellationToken).ConfigureAwait(false);
            }

            sent += batch;

            // Let the call-counting delay pass so the background JIT promotes what this batch made hot.
            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
            quietBatches = JitInfo.GetCompiledMethodCount() - before <= 2 ? quietBatches + 1 : 0;
        }

        return quietBatches >= 2;
    }

    /// <summary>Direct, bare-proxy and gateway requests, interleaved in rounds so drifting machine load hits all alike.</summary>
    private async Task<ScenarioResult> MeasureAsync(Scenario scenario, IReadOnlyList<LoadTarget> targets, int concurrency, CancellationToken cancellationToken)
    {
        var warmup = _options.WarmupAt(concurrency);
        await WarmUpAsync(targets, concurrency, warmup, warmup, _options.Quick ? 0.5 : 5, cancellationToken).ConfigureAwait(false);

        var requests = _options.RequestsAt(concurrency);
        var rounds = Math.Clamp(_options.Rounds, 1, requests);
        var recorders = targets.Select(_ => new LatencyRecorder(requests)).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            var count = (requests / rounds) + (round == rounds - 1 ? requests % rounds : 0);
            for (var k = 0; k < targets.Count; k++)
            {
                var i = (k + round) % targets.Count;
                await LoadRunner.RunAsync(targets[i], concurrency, count, recorders[i], cancellationToken).ConfigureAwait(false);
            }
        }

        return new ScenarioResult(scenario, concurrency, targets
            .Select((t, i) => new TargetResult(t.Name, recorders[i].LastByte(), recorders[i].FirstByte(), recorders[i].RequestsPerSecond, recorders[i].CpuMicrosecondsPerRequest, recorders[i].Failures, recorders[i].FirstError))
            .ToList());
    }

    /// <summary>
    /// Sends the scenario's request through the gateway once, checks the answer, and builds the three paths. The
    /// direct and bare-proxy paths send exactly the upstream body the gateway produced (captured at the mock).
    /// </summary>
    private async Task<IReadOnlyList<LoadTarget>> PrepareAsync(Scenario scenario, CancellationToken cancellationToken)
    {
        var clientHeaders = new KeyValuePair<string, string>[] { new("Authorization", "Bearer " + Payloads.ClientKey) };
        var gateway = new LoadTarget(Gateway, _gatewayClient, new Uri(_gateway.BaseUri, "v1/chat/completions"),
            Payloads.OpenAIRequest(scenario.GatewayModel, scenario.Stream), clientHeaders, scenario.Stream ? OpenAIStreamEnd : JsonEnd);

        _mock.Captured.Clear();
        _mock.Capture = true;
        using (var request = gateway.CreateRequest())
        using (var response = await _gatewayClient.SendAsync(request, cancellationToken).ConfigureAwait(false))
        {
            var answer = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            CheckProbe(scenario, response.StatusCode, answer);
        }

        _mock.Capture = false;
        var upstreamBody = _mock.Captured.TryGetValue(scenario.CaptureKey, out var body)
            ? body
            : throw new InvalidOperationException($"{scenario.Name}: the mock did not receive the gateway's request on /{scenario.UpstreamPath}.");

        var upstreamHeaders = scenario.Translated
            ? new KeyValuePair<string, string>[] { new("x-api-key", Payloads.UpstreamKey), new("anthropic-version", "2023-06-01") }
            : [new("Authorization", "Bearer " + Payloads.UpstreamKey)];
        var upstreamTail = !scenario.Stream ? JsonEnd : scenario.Translated ? AnthropicStreamEnd : OpenAIStreamEnd;
        var targets = new List<LoadTarget>
        {
            new(Direct, _directClient, new Uri(_mock.BaseUri, scenario.UpstreamPath), upstreamBody, upstreamHeaders, upstreamTail),
        };
        if (_proxy is not null)
        {
            targets.Add(new(Proxy, _proxyClient, new Uri(_proxy.BaseUri, scenario.UpstreamPath), upstreamBody, upstreamHeaders, upstreamTail));
        }

        targets.Add(gateway);
        _progress.WriteLine($"{scenario.Name}: client request {gateway.BodyLength:N0} B, upstream request {upstreamBody.Length:N0} B");
        return targets;
    }

    private void CheckProbe(Scenario scenario, HttpStatusCode status, byte[] answer)
    {
        var text = Encoding.UTF8.GetString(answer);
        if (status != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"{scenario.Name}: the gateway answered {(int)status}: {text}");
        }

        if (scenario.Stream)
        {
            var expected = string.Concat(_responses.Pieces);
            var streamed = string.Concat(text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
                .Select(frame => frame["data: ".Length..])
                .Where(data => data != "[DONE]")
                .Select(data => JsonDocument.Parse(data).RootElement.GetProperty("choices"))
                .Where(choices => choices.GetArrayLength() > 0 && choices[0].GetProperty("delta").TryGetProperty("content", out _))
                .Select(choices => choices[0].GetProperty("delta").GetProperty("content").GetString()));
            if (streamed != expected || !text.EndsWith("data: [DONE]\n\n", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"{scenario.Name}: the gateway's stream is not the mock's answer: {text}");
            }

            return;
        }

        using var document = JsonDocument.Parse(answer);
        var message = document.RootElement.GetProperty("choices")[0].GetProperty("message");
        if (string.IsNullOrEmpty(message.GetProperty("content").GetString()) || message.GetProperty("tool_calls").GetArrayLength() != 1)
        {
            throw new InvalidOperationException($"{scenario.Name}: the gateway's answer is not the mock's answer: {text}");
        }
    }

    private static HttpMessageInvoker CreateClient() => new(new SocketsHttpHandler
    {
        UseProxy = false,
        UseCookies = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        MaxConnectionsPerServer = 4096,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
        ConnectTimeout = TimeSpan.FromSeconds(30),
    });
}
