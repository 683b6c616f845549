using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using LlmGateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using OpenAI.Chat;

namespace LlmGateway.Tests.EndToEnd;

public sealed class ChatCompletionsStreamTests : UpstreamGatewayTest
{
    protected override Func<RecordedRequest, HttpContext, Task> DefaultUpstreamHandler => (_, context) => FakeUpstream.Sse(context, Canned.TextStream());

    [Fact]
    public async Task CompleteChatStreaming_OpenAISdk_GetsTextAndUpstreamIsAskedForUsage()
    {
        var text = new StringBuilder();
        ChatTokenUsage? usage = null;
        await foreach (var update in Gateway.Chat("gpt-4o").CompleteChatStreamingAsync([new UserChatMessage("Hi")]))
        {
            text.Append(string.Concat(update.ContentUpdate.Select(p => p.Text)));
            usage ??= update.Usage;
        }

        Assert.Equal("Hello", text.ToString());
        var sent = Upstream.LastRequest.Json;
        Assert.True(sent["stream"]!.GetValue<bool>());
        Assert.True(sent["stream_options"]!["include_usage"]!.GetValue<bool>());
        var record = Assert.Single(await Gateway.UsageAsync(1));
        Assert.Equal((9L, 2L, 4L, 1L), (record.Tokens.Input, record.Tokens.Output, record.Tokens.Cached, record.Tokens.Reasoning));
        Assert.NotNull(record.TimeToFirstTokenMs);
    }

    [Fact]
    public async Task Stream_WithoutIncludeUsage_FramesAreUpstreamChunksWithoutUsageChunkAndDoneLast()
    {
        using var response = await Gateway.Http.SendAsync(ChatRequest("""{"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"Hi"}]}"""), HttpCompletionOption.ResponseHeadersRead);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        var upstream = Canned.TextStream();
        var expected = string.Concat(new[] { upstream[0], upstream[1], upstream[2], upstream[3], "[DONE]" }.Select(d => "data: " + d + "\n\n"));
        Assert.Equal(expected, body);
        Assert.DoesNotContain("event:", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_WithIncludeUsage_UsageChunkWithEmptyChoicesComesJustBeforeDone()
    {
        using var response = await Gateway.Http.SendAsync(ChatRequest("""{"model":"gpt-4o","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"Hi"}]}"""), HttpCompletionOption.ResponseHeadersRead);
        var events = await SseFrames.ReadEventsAsync(response);

        Assert.Equal("[DONE]", events[^1].Data);
        var usageChunk = JsonNode.Parse(events[^2].Data)!;
        Assert.Empty(usageChunk["choices"]!.AsArray());
        Assert.Equal(9, usageChunk["usage"]!["prompt_tokens"]!.GetValue<int>());
        Assert.All(events.Take(events.Count - 2), e => Assert.Null(JsonNode.Parse(e.Data)!["usage"]));
        Assert.All(events, e => Assert.Equal("message", e.EventType));
    }

    [Fact]
    public async Task CompleteChatStreaming_WithIncludeUsage_SdkReportsUsage()
    {
        ChatTokenUsage? usage = null;
        var options = new ChatCompletionOptions();
        await foreach (var update in Gateway.Chat("gpt-4o").CompleteChatStreamingAsync([new UserChatMessage("Hi")], options))
        {
            usage ??= update.Usage;
        }

        // The .NET SDK always asks for include_usage on streams.
        Assert.NotNull(usage);
        Assert.Equal(9, usage!.InputTokenCount);
        Assert.Equal(2, usage.OutputTokenCount);
        Assert.Equal(1, usage.OutputTokenDetails.ReasoningTokenCount);
    }

    [Fact]
    public async Task Stream_UpstreamPutsUsageOnContentChunk_ClientGetsSpecShapedSeparateUsageChunk()
    {
        var merged = JsonNode.Parse(Canned.Chunk("{}", "stop"))!;
        merged["usage"] = JsonNode.Parse("""{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}""");
        Upstream.Handler = (_, context) => FakeUpstream.Sse(context, Canned.Chunk("""{"role":"assistant","content":"x"}"""), merged.ToJsonString(), "[DONE]");

        using var withUsage = await Gateway.Http.SendAsync(ChatRequest("""{"model":"gpt-4o","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"Hi"}]}"""), HttpCompletionOption.ResponseHeadersRead);
        var events = await SseFrames.ReadEventsAsync(withUsage);
        using var withoutUsage = await Gateway.Http.SendAsync(ChatRequest("""{"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"Hi"}]}"""), HttpCompletionOption.ResponseHeadersRead);
        var plain = await SseFrames.ReadEventsAsync(withoutUsage);

        Assert.Equal(4, events.Count);
        Assert.Equal("stop", JsonNode.Parse(events[1].Data)!["choices"]![0]!["finish_reason"]!.GetValue<string>());
        Assert.Null(JsonNode.Parse(events[1].Data)!["usage"]);
        Assert.Empty(JsonNode.Parse(events[2].Data)!["choices"]!.AsArray());
        Assert.Equal(3, JsonNode.Parse(events[2].Data)!["usage"]!["prompt_tokens"]!.GetValue<int>());
        Assert.Equal(["x", "stop", "[DONE]"], plain.Select(e => e.Data == "[DONE]" ? e.Data : (string?)JsonNode.Parse(e.Data)!["choices"]![0]!["delta"]!["content"] ?? "stop"));
    }

    [Fact]
    public async Task Stream_SlowUpstream_SendsKeepAliveCommentsUntilDataArrives()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Upstream.Handler = async (_, context) =>
        {
            await FakeUpstream.StartSse(context);
            await release.Task;
            foreach (var frame in Canned.TextStream())
            {
                await FakeUpstream.SseFrame(context, frame);
            }
        };
        await using var gateway = await GatewayFixture.StartAsync(Upstream, new Dictionary<string, string?> { ["Gateway:KeepAliveSeconds"] = "0.2" });

        using var response = await gateway.Http.SendAsync(ChatRequest("""{"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"Hi"}]}"""), HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var first = await reader.ReadLineAsync();
        release.SetResult();
        var rest = first + "\n" + await reader.ReadToEndAsync();

        Assert.Equal(": keep-alive", first);
        Assert.EndsWith("data: [DONE]\n\n", rest, StringComparison.Ordinal);
        var events = rest.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.All(events, e => Assert.True(e.StartsWith("data: ", StringComparison.Ordinal) || e == ": keep-alive", e));
        Assert.Equal(5, events.Count(e => e.StartsWith("data: ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Stream_ClientDisconnects_UpstreamRequestIsCancelled()
    {
        var never = new TaskCompletionSource();
        Upstream.Handler = async (_, context) =>
        {
            await FakeUpstream.StartSse(context);
            await FakeUpstream.SseFrame(context, Canned.Chunk("""{"role":"assistant","content":"first"}"""));
            await never.Task.WaitAsync(context.RequestAborted);
        };

        var response = await Gateway.Http.SendAsync(ChatRequest("""{"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"Hi"}]}"""), HttpCompletionOption.ResponseHeadersRead);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var firstLine = await reader.ReadLineAsync();
        response.Dispose();

        Assert.StartsWith("data: ", firstLine, StringComparison.Ordinal);
        await Upstream.Aborted.WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Stream_UpstreamDropsConnectionMidStream_ClientGetsInBandErrorThenDone()
    {
        var drop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Upstream.Handler = DropAfterFirstChunk(drop);

        using var response = await Gateway.Http.SendAsync(ChatRequest("""{"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"Hi"}]}"""), HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var first = await reader.ReadLineAsync();
        drop.SetResult();
        var rest = await reader.ReadToEndAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("partial", JsonNode.Parse(first!["data: ".Length..])!["choices"]![0]!["delta"]!["content"]!.GetValue<string>());
        var events = rest.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(e => e.Trim()).ToArray();
        Assert.Equal(2, events.Length);
        var error = JsonNode.Parse(events[0]["data: ".Length..])!["error"]!;
        Assert.Equal("server_error", error["type"]!.GetValue<string>());
        Assert.Equal("upstream_stream_error", error["code"]!.GetValue<string>());
        Assert.Equal("data: [DONE]", events[1]);
    }

    [Fact]
    public async Task Stream_UpstreamEndsWithoutFinishOrDone_ClientGetsInBandErrorThenDone()
    {
        Upstream.Handler = (_, context) => FakeUpstream.Sse(context, Canned.Chunk("""{"role":"assistant","content":"cut"}"""));

        using var response = await Gateway.Http.SendAsync(ChatRequest("""{"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"Hi"}]}"""), HttpCompletionOption.ResponseHeadersRead);
        var events = await SseFrames.ReadEventsAsync(response);

        Assert.Equal(3, events.Count);
        Assert.Equal("upstream_stream_truncated", JsonNode.Parse(events[1].Data)!["error"]!["code"]!.GetValue<string>());
        Assert.Equal("[DONE]", events[2].Data);
        Assert.Equal("upstream_stream_truncated", Assert.Single(await Gateway.UsageAsync(1)).ErrorClass);
    }

    private static Func<RecordedRequest, HttpContext, Task> DropAfterFirstChunk(TaskCompletionSource drop) => async (_, context) =>
    {
        await FakeUpstream.StartSse(context);
        await FakeUpstream.SseFrame(context, Canned.Chunk("""{"role":"assistant","content":"partial"}"""));
        await drop.Task;
        context.Abort();
    };
}
