using System.Net;
using System.Net.ServerSentEvents;
using System.Text.Json.Nodes;
using LlmGateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace LlmGateway.Tests.EndToEnd.Engine;

/// <summary>
/// Retries stop at the first byte: a stream that fails before its first upstream event goes to another key and the
/// client never knows; once an event has reached the client, a failure ends the stream in-band, in the client's
/// format, and nothing is retried.
/// </summary>
public sealed class StreamFailoverTests : EngineTest
{
    private const string AnthropicStreamBody = """{"model":"claude-sonnet-4-5","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"Hi"}]}""";

    private static readonly Dictionary<string, string?> AnthropicUpstream = new()
    {
        ["Gateway:Providers:anthropic:Type"] = "anthropic",
        ["Gateway:Providers:anthropic:Keys:0"] = "sk-ant-upstream-0001",
        ["Gateway:Providers:anthropic:Keys:1"] = "sk-ant-upstream-0002",
        ["Gateway:Providers:anthropic:Models:0"] = "claude-sonnet-4-5",
    };

    private readonly TaskCompletionSource _drop = new(TaskCreationOptions.RunContinuationsAsynchronously);

    [Fact]
    public async Task Stream_OpenAIUpstreamDropsAfterSomeEvents_InBandErrorThenDoneFromOneUpstreamRequest()
    {
        await StartGatewayAsync(keys: 2);
        Upstream.Handler = async (_, context) =>
        {
            await FakeUpstream.StartSse(context);
            await FakeUpstream.SseFrame(context, Canned.Chunk("""{"role":"assistant","content":"Hel"}"""));
            await FakeUpstream.SseFrame(context, Canned.Chunk("""{"content":"lo"}"""));
            await _drop.Task;
            context.Abort();
        };

        using var response = await PostChatAsync(StreamBody, HttpCompletionOption.ResponseHeadersRead);
        var events = await ReadEventsDroppingAfterAsync(response, 2);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(4, events.Count);
        Assert.Equal(["Hel", "lo"], events.Take(2).Select(e => JsonNode.Parse(e.Data)!["choices"]![0]!["delta"]!["content"]!.GetValue<string>()));
        Assert.Equal("upstream_stream_error", ErrorOf(events[2].Data)["code"]!.GetValue<string>());
        Assert.Equal("[DONE]", events[3].Data);
        Assert.Single(Upstream.Requests);
    }

    [Fact]
    public async Task Stream_AnthropicUpstreamDropsAfterSomeEvents_AnthropicClientGetsErrorEventFromOneUpstreamRequest()
    {
        await StartGatewayAsync(settings: WithAnthropicUpstream());
        Upstream.Handler = async (_, context) =>
        {
            await FakeUpstream.AnthropicSse(context, CannedAnthropic.MessageStart(), CannedAnthropic.TextStart(0), CannedAnthropic.TextDelta(0, "Hel"));
            await _drop.Task;
            context.Abort();
        };

        using var response = await Gateway.Http.SendAsync(AnthropicRequests.Messages(AnthropicStreamBody), HttpCompletionOption.ResponseHeadersRead);
        var events = await ReadEventsDroppingAfterAsync(response, 3);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["message_start", "content_block_start", "content_block_delta", "error"], events.Select(e => e.EventType));
        Assert.Equal("error", JsonNode.Parse(events[^1].Data)!["type"]!.GetValue<string>());
        Assert.Single(Upstream.Requests);
    }

    [Fact]
    public async Task Stream_OpenAIUpstreamDropsAfterSomeEvents_AnthropicClientGetsErrorEventFromOneUpstreamRequest()
    {
        await StartGatewayAsync(keys: 2);
        Upstream.Handler = async (_, context) =>
        {
            await FakeUpstream.StartSse(context);
            await FakeUpstream.SseFrame(context, Canned.Chunk("""{"role":"assistant","content":"Hel"}"""));
            await _drop.Task;
            context.Abort();
        };

        using var response = await Gateway.Http.SendAsync(
            AnthropicRequests.Messages("""{"model":"gpt-4o","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"Hi"}]}"""), HttpCompletionOption.ResponseHeadersRead);
        var events = await ReadEventsDroppingAfterAsync(response, 1, until: e => e.Contains("Hel", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("message_start", events[0].EventType);
        Assert.Contains(events, e => e.EventType == "content_block_delta" && e.Data.Contains("Hel", StringComparison.Ordinal));
        Assert.Equal("error", events[^1].EventType);
        Assert.Single(Upstream.Requests);
    }

    [Theory]
    [InlineData("drop-before-headers")]
    [InlineData("drop-after-headers")]
    [InlineData("500")]
    public async Task Stream_FirstKeyFailsBeforeAnyEvent_RetriedOnTheOtherKeyAndClientSeesACleanStream(string failure)
    {
        await StartGatewayAsync(keys: 2);
        Upstream.Handler = async (request, context) =>
        {
            if (KeyOf(request) != Key0)
            {
                await FakeUpstream.Sse(context, Canned.TextStream());
                return;
            }

            switch (failure)
            {
                case "drop-after-headers":
                    await FakeUpstream.StartSse(context);
                    context.Abort();
                    break;
                case "500":
                    await Fail(context, 500);
                    break;
                default:
                    context.Abort();
                    break;
            }
        };

        using var response = await PostChatAsync(StreamBody, HttpCompletionOption.ResponseHeadersRead);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        var upstream = Canned.TextStream();
        Assert.Equal(string.Concat(new[] { upstream[0], upstream[1], upstream[2], upstream[3], "[DONE]" }.Select(d => "data: " + d + "\n\n")), body);
        Assert.Equal([Key0, Key1], UpstreamKeys());
    }

    [Fact]
    public async Task Stream_AnthropicUpstreamFailsBeforeAnyEvent_RetriedAndAnthropicClientSeesTheWholeStream()
    {
        await StartGatewayAsync(settings: WithAnthropicUpstream());
        Upstream.Handler = async (request, context) =>
        {
            if (KeyOf(request) == "sk-ant-upstream-0001")
            {
                await FakeUpstream.StartSse(context);
                context.Abort();
                return;
            }

            await FakeUpstream.AnthropicSse(context, CannedAnthropic.TextStream());
        };

        using var response = await Gateway.Http.SendAsync(AnthropicRequests.Messages(AnthropicStreamBody), HttpCompletionOption.ResponseHeadersRead);
        var events = await SseFrames.ReadEventsAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(CannedAnthropic.TextStream().Select(FakeUpstream.AnthropicEventType), events.Select(e => e.EventType));
        Assert.Equal(["sk-ant-upstream-0001", "sk-ant-upstream-0002"], UpstreamKeys());
    }

    /// <summary>
    /// Reads the client's events; once <paramref name="before"/> events have arrived (and <paramref name="until"/>
    /// holds for the last one), the upstream breaks the connection off. Every event through the end of the stream.
    /// </summary>
    private async Task<List<SseItem<string>>> ReadEventsDroppingAfterAsync(HttpResponseMessage response, int before, Func<string, bool>? until = null)
    {
        var events = new List<SseItem<string>>();
        await using var stream = await response.Content.ReadAsStreamAsync();
        await foreach (var item in SseParser.Create(stream).EnumerateAsync())
        {
            events.Add(item);
            if (events.Count >= before && (until?.Invoke(item.Data) ?? true))
            {
                _drop.TrySetResult();
            }
        }

        return events;
    }

    private Dictionary<string, string?> WithAnthropicUpstream() =>
        new(AnthropicUpstream) { ["Gateway:Providers:anthropic:BaseUrl"] = Upstream.BaseUrl };
}
