using System.Net;
using System.Text.Json.Nodes;
using LlmGateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace LlmGateway.Tests.EndToEnd.Engine;

/// <summary>
/// The upstream call's clocks on the fake clock: first byte (504 before anything was sent, or another key), idle
/// between stream events and the total limit (in-band errors once the stream has started).
/// </summary>
public sealed class TimeoutTests : EngineTest
{
    private readonly TaskCompletionSource _received = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _upstreamAborted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _never = new();

    [Fact]
    public async Task Chat_UpstreamSilentPastFirstByteTimeout_504InOpenAIShapeAndUpstreamCancelled()
    {
        await StartGatewayAsync(settings: new Dictionary<string, string?> { ["Gateway:Providers:openai:FirstByteTimeoutSeconds"] = "5" });
        Upstream.Handler = Silent;

        var pending = PostChatAsync();
        await _received.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Clock.Advance(TimeSpan.FromSeconds(5));
        using var response = await pending;
        var error = ErrorOf(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal(("upstream_timeout", "server_error"), (error["code"]!.GetValue<string>(), error["type"]!.GetValue<string>()));
        await _upstreamAborted.Task.WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Stream_UpstreamSilentPastFirstByteTimeout_PlainJson504NotAStream()
    {
        await StartGatewayAsync(settings: new Dictionary<string, string?> { ["Gateway:Providers:openai:FirstByteTimeoutSeconds"] = "5" });
        Upstream.Handler = Silent;

        var pending = PostChatAsync(StreamBody, HttpCompletionOption.ResponseHeadersRead);
        await _received.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Clock.Advance(TimeSpan.FromSeconds(5));
        using var response = await pending;

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("upstream_timeout", ErrorOf(await response.Content.ReadAsStringAsync())["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Messages_UpstreamSilentPastFirstByteTimeout_504InAnthropicShape()
    {
        await StartGatewayAsync(settings: new Dictionary<string, string?> { ["Gateway:Providers:openai:FirstByteTimeoutSeconds"] = "5" });
        Upstream.Handler = Silent;

        var pending = Gateway.Http.SendAsync(AnthropicRequests.Messages("""{"model":"gpt-4o","max_tokens":64,"messages":[{"role":"user","content":"Hi"}]}"""));
        await _received.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Clock.Advance(TimeSpan.FromSeconds(5));
        using var response = await pending;
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("error", body["type"]!.GetValue<string>());
        Assert.Equal("timeout_error", body["error"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Chat_FirstKeySilentPastFirstByteTimeout_RetriedOnTheOtherKey()
    {
        await StartGatewayAsync(keys: 2, new Dictionary<string, string?> { ["Gateway:Providers:openai:FirstByteTimeoutSeconds"] = "5" });
        Upstream.Handler = (request, context) => KeyOf(request) == Key0 ? Silent(request, context) : Ok(context);

        var pending = PostChatAsync();
        await _received.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Clock.Advance(TimeSpan.FromSeconds(5));
        using var response = await pending;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([Key0, Key1], UpstreamKeys());
        await _upstreamAborted.Task.WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Chat_TotalTimeoutShorterThanFirstByte_504WhenTheTotalRunsOut()
    {
        await StartGatewayAsync(settings: new Dictionary<string, string?> { ["Gateway:Providers:openai:TotalTimeoutSeconds"] = "10" });
        Upstream.Handler = Silent;

        var pending = PostChatAsync();
        await _received.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Clock.Advance(TimeSpan.FromSeconds(9));
        var completedEarly = pending.IsCompleted;
        Clock.Advance(TimeSpan.FromSeconds(1));
        using var response = await pending;
        var error = ErrorOf(await response.Content.ReadAsStringAsync());

        Assert.False(completedEarly);
        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Contains("10 s", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_UpstreamSilentMidStreamPastIdleTimeout_InBandErrorThenDoneAndNoRetry()
    {
        await StartGatewayAsync(keys: 2, new Dictionary<string, string?> { ["Gateway:Providers:openai:IdleTimeoutSeconds"] = "5" });
        Upstream.Handler = async (_, context) =>
        {
            context.RequestAborted.Register(() => _upstreamAborted.TrySetResult());
            await FakeUpstream.StartSse(context);
            await FakeUpstream.SseFrame(context, Canned.Chunk("""{"role":"assistant","content":"Hel"}"""));
            await _never.Task.WaitAsync(context.RequestAborted);
        };

        using var response = await PostChatAsync(StreamBody, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var first = await ReadEventAsync(reader);
        Clock.Advance(TimeSpan.FromSeconds(5));
        var error = ErrorOf((await ReadEventAsync(reader))!);
        var done = await ReadEventAsync(reader);
        var end = await ReadEventAsync(reader);

        Assert.Equal("Hel", JsonNode.Parse(first!)!["choices"]![0]!["delta"]!["content"]!.GetValue<string>());
        Assert.Equal("upstream_timeout", error["code"]!.GetValue<string>());
        Assert.Contains("sent nothing for 5 s", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("[DONE]", done);
        Assert.Null(end);
        Assert.Single(Upstream.Requests);
        await _upstreamAborted.Task.WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Stream_EventsWithinIdleButPastTotalTimeout_InBandErrorNamesTheTotalLimit()
    {
        await StartGatewayAsync(settings: new Dictionary<string, string?>
        {
            ["Gateway:Providers:openai:IdleTimeoutSeconds"] = "5",
            ["Gateway:Providers:openai:TotalTimeoutSeconds"] = "10",
        });
        var next = new SemaphoreSlim(0);
        Upstream.Handler = async (_, context) =>
        {
            await FakeUpstream.StartSse(context);
            await FakeUpstream.SseFrame(context, Canned.Chunk("""{"role":"assistant","content":"0"}"""));
            for (var i = 1; ; i++)
            {
                await next.WaitAsync(context.RequestAborted);
                await FakeUpstream.SseFrame(context, Canned.Chunk("{\"content\":\"" + i + "\"}"));
            }
        };

        using var response = await PostChatAsync(StreamBody, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var pieces = new List<string?> { await ReadEventAsync(reader) };
        for (var i = 0; i < 2; i++)
        {
            Clock.Advance(TimeSpan.FromSeconds(4));
            next.Release();
            pieces.Add(await ReadEventAsync(reader));
        }

        Clock.Advance(TimeSpan.FromSeconds(2));
        var error = ErrorOf((await ReadEventAsync(reader))!);
        var done = await ReadEventAsync(reader);

        Assert.Equal(["0", "1", "2"], pieces.Select(p => JsonNode.Parse(p!)!["choices"]![0]!["delta"]!["content"]!.GetValue<string>()));
        Assert.Equal("upstream_timeout", error["code"]!.GetValue<string>());
        Assert.Contains("total limit of 10 s", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("[DONE]", done);
    }

    /// <summary>The data of the next SSE event (comments skipped), or null at the end of the stream.</summary>
    private static async Task<string?> ReadEventAsync(StreamReader reader)
    {
        string? data = null;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Length == 0 && data is not null)
            {
                return data;
            }

            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line["data: ".Length..];
            }
        }

        return data;
    }

    /// <summary>An upstream that takes the request and never answers until the gateway gives up on it.</summary>
    private async Task Silent(RecordedRequest request, HttpContext context)
    {
        context.RequestAborted.Register(() => _upstreamAborted.TrySetResult());
        _received.TrySetResult();
        await _never.Task.WaitAsync(context.RequestAborted);
    }
}
