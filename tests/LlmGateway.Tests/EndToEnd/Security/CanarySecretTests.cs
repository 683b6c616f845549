using System.Net.Http.Headers;
using System.Text;
using LlmGateway.Server;
using LlmGateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using LlmGateway.State;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LlmGateway.Tests.EndToEnd.Security;

/// <summary>
/// A canary upstream key and a canary client key go through every kind of traffic the gateway handles — success,
/// upstream errors that echo the key, rate limits, rejected keys, dropped connections, broken streams, translated
/// and same-format paths, bad client keys — and must never show up in a response body or header, or in a log line
/// or exception message (logs captured at Trace).
/// </summary>
public sealed class CanarySecretTests : IAsyncLifetime
{
    private const string UpstreamCanary = "sk-canary-upstream-7f3a9c1e5b";
    private const string SecondUpstreamCanary = "sk-canary-upstream-second-42d8";
    private const string ClientCanary = "sk-canary-client-0c4e2a9d71";
    private readonly CapturingLoggerProvider _logs = new();
    private FakeUpstream _upstream = null!;
    private WebApplication _gateway = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        _upstream.Handler = RespondAsync;
        _gateway = GatewayServer.Build(["--urls", "http://127.0.0.1:0", "--environment", "Testing"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Gateway:ClientKeys:0:Name"] = "canary-client",
                ["Gateway:ClientKeys:0:Key"] = ClientCanary,
                ["Gateway:Retry:MaxWaitSeconds"] = "0",
                ["Gateway:Providers:openai:Type"] = "openai",
                ["Gateway:Providers:openai:BaseUrl"] = _upstream.BaseUrl,
                ["Gateway:Providers:openai:Keys:0"] = UpstreamCanary,
                ["Gateway:Providers:openai:Keys:1"] = SecondUpstreamCanary,
                ["Gateway:Providers:openai:Models:0"] = "gpt-4o",
                ["Gateway:Providers:anthropic:Type"] = "anthropic",
                ["Gateway:Providers:anthropic:BaseUrl"] = _upstream.BaseUrl,
                ["Gateway:Providers:anthropic:Keys:0"] = UpstreamCanary,
                ["Gateway:Providers:anthropic:Models:0"] = "claude-sonnet-4-5",
            });
            builder.Logging.ClearProviders();
            builder.Logging.SetMinimumLevel(LogLevel.Trace);
            builder.Logging.AddProvider(_logs);
        });
        await _gateway.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(_gateway.Urls.First() + "/") };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _gateway.StopAsync();
        await _gateway.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task EveryKindOfTraffic_CanaryKeys_NeverInResponsesLogsOrExceptions()
    {
        var seen = new StringBuilder();
        string[] scenarios = ["ok", "echo-key-400", "echo-key-401", "echo-key-429", "echo-key-500", "html-500", "drop", "stream-break", "stream-ok"];
        foreach (var scenario in scenarios)
        {
            foreach (var model in (string[])["gpt-4o", "claude-sonnet-4-5"])
            {
                var stream = scenario.StartsWith("stream", StringComparison.Ordinal);
                seen.Append(await SendAsync("v1/chat/completions", ClientCanary, scenario,
                    $$"""{"model":"{{model}}","stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"hi"}]}"""));
                seen.Append(await SendAsync("v1/messages", ClientCanary, scenario,
                    $$"""{"model":"{{model}}","max_tokens":16,"stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"hi"}]}"""));
                ForgetCooldowns();
            }
        }

        // A wrong client key that contains the real one, and the real one where it does not belong.
        seen.Append(await SendAsync("v1/chat/completions", ClientCanary + "x", "ok", """{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}"""));
        seen.Append(await SendAsync("v1/models", ClientCanary, "ok", null));
        seen.Append(await SendAsync("v1/chat/completions?key=" + ClientCanary, null, "ok", "{not json"));

        Assert.True(_upstream.Requests.Count > 20, "the scenarios must have reached the upstream");
        Assert.Contains(_upstream.Requests, r => r.Header("authorization") == "Bearer " + UpstreamCanary);
        Assert.NotEmpty(_logs.Entries);
        foreach (var canary in (string[])[UpstreamCanary, SecondUpstreamCanary, ClientCanary])
        {
            Assert.DoesNotContain(canary, seen.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(canary, _logs.AllText, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("v1/chat/completions", "gpt-4o", false)]
    [InlineData("v1/chat/completions", "gpt-4o", true)]
    [InlineData("v1/chat/completions", "claude-sonnet-4-5", false)]
    [InlineData("v1/chat/completions", "claude-sonnet-4-5", true)]
    [InlineData("v1/messages", "gpt-4o", false)]
    [InlineData("v1/messages", "gpt-4o", true)]
    [InlineData("v1/messages", "claude-sonnet-4-5", false)]
    [InlineData("v1/messages", "claude-sonnet-4-5", true)]
    public async Task SuccessfulAnswer_UpstreamEchoesKeyInContent_ClientGetsTheRestWithKeyMasked(string path, string model, bool stream)
    {
        for (var i = 0; i < 2; i++) // round-robin: both keys of the openai provider get their turn
        {
            var answer = await SendAsync(path, ClientCanary, stream ? "stream-echo" : "echo-key-200",
                $$"""{"model":"{{model}}","max_tokens":16,"stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"hi"}]}""");

            Assert.StartsWith("200\n", answer, StringComparison.Ordinal);
            Assert.Contains("your key *** works", answer, StringComparison.Ordinal);
            Assert.DoesNotContain("sk-canary", answer, StringComparison.Ordinal);
        }
    }

    /// <summary>Every scenario starts with healthy keys, so each one reaches the upstream.</summary>
    private void ForgetCooldowns()
    {
        var state = _gateway.Services.GetRequiredService<ICredentialStateStore>();
        foreach (var cooldown in state.Snapshot())
        {
            state.Reset(cooldown.CredentialId);
        }
    }

    /// <summary>Sends one request and returns everything the client got back: status, headers and body.</summary>
    private async Task<string> SendAsync(string path, string? clientKey, string scenario, string? body)
    {
        using var request = new HttpRequestMessage(body is null ? HttpMethod.Get : HttpMethod.Post, path);
        if (clientKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", clientKey);
        }

        request.Headers.TryAddWithoutValidation("x-scenario", scenario);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        _scenario = scenario;
        using var response = await _http.SendAsync(request);
        var text = new StringBuilder().Append((int)response.StatusCode).Append('\n');
        foreach (var header in response.Headers.Concat(response.Content.Headers))
        {
            text.Append(header.Key).Append(": ").AppendJoin(", ", header.Value).Append('\n');
        }

        return text.Append(await response.Content.ReadAsStringAsync()).Append('\n').ToString();
    }

    private volatile string _scenario = "ok";

    /// <summary>The upstream misbehaves as the current scenario says, echoing the key it received where it can.</summary>
    private async Task RespondAsync(RecordedRequest request, HttpContext context)
    {
        var key = request.Header("authorization")?.Replace("Bearer ", "", StringComparison.Ordinal) ?? request.Header("x-api-key") ?? "";
        var anthropic = request.Path.EndsWith("/messages", StringComparison.Ordinal);
        switch (_scenario)
        {
            case "echo-key-400" or "echo-key-401" or "echo-key-429" or "echo-key-500":
                var status = int.Parse(_scenario[^3..], System.Globalization.CultureInfo.InvariantCulture);
                await FakeUpstream.Json(context, status, Canned.Error($"Incorrect API key provided: {key}. Your key {key} is invalid.", "invalid_request_error", "invalid_api_key"),
                    new Dictionary<string, string> { ["retry-after"] = "1" });
                break;
            case "html-500":
                context.Response.StatusCode = 500;
                context.Response.ContentType = "text/html";
                await context.Response.WriteAsync($"<html><body>upstream crashed for key {key}</body></html>");
                break;
            case "drop":
                context.Abort();
                break;
            case "stream-break":
                if (anthropic)
                {
                    await FakeUpstream.AnthropicSse(context, CannedAnthropic.MessageStart(), CannedAnthropic.TextStart(0), CannedAnthropic.TextDelta(0, "key " + key));
                }
                else
                {
                    await FakeUpstream.Sse(context, Canned.Chunk($$"""{"content":"key {{key}}"}"""));
                }

                context.Abort();
                break;
            case "echo-key-200":
                await FakeUpstream.Json(context, 200, anthropic ? CannedAnthropic.Message($"your key {key} works") : Canned.Completion($"your key {key} works"));
                break;
            case "stream-echo":
                if (anthropic)
                {
                    await FakeUpstream.AnthropicSse(context, CannedAnthropic.MessageStart(), CannedAnthropic.TextStart(0), CannedAnthropic.TextDelta(0, $"your key {key} works"),
                        CannedAnthropic.BlockStop(0), CannedAnthropic.MessageDelta("end_turn"), CannedAnthropic.MessageStop);
                }
                else
                {
                    await FakeUpstream.Sse(context, Canned.Chunk($$"""{"content":"your key {{key}} works"}"""), Canned.Chunk("{}", "stop"), "[DONE]");
                }

                break;
            case "stream-ok":
                if (anthropic)
                {
                    await FakeUpstream.AnthropicSse(context, CannedAnthropic.MessageStart(), CannedAnthropic.TextStart(0), CannedAnthropic.TextDelta(0, "hello"));
                }
                else
                {
                    await FakeUpstream.Sse(context, [.. Canned.TextStream(), "[DONE]"]);
                }

                break;
            default:
                await FakeUpstream.Json(context, 200, anthropic ? CannedAnthropic.Message("hello") : Canned.Completion("hello"));
                break;
        }
    }
}
