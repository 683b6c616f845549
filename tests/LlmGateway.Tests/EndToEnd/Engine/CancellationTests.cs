using LlmGateway.Tests.Infrastructure;

namespace LlmGateway.Tests.EndToEnd.Engine;

/// <summary>A client that leaves takes its upstream request with it: the upstream sees its request aborted.</summary>
public sealed class CancellationTests : EngineTest
{
    private readonly TaskCompletionSource _received = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _upstreamAborted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _never = new();

    [Fact]
    public async Task Stream_ClientCancelsMidStream_UpstreamRequestAborted()
    {
        await StartGatewayAsync();
        Upstream.Handler = async (_, context) =>
        {
            context.RequestAborted.Register(() => _upstreamAborted.TrySetResult());
            await FakeUpstream.StartSse(context);
            await FakeUpstream.SseFrame(context, Canned.Chunk("""{"role":"assistant","content":"first"}"""));
            await _never.Task.WaitAsync(context.RequestAborted);
        };
        using var cancel = new CancellationTokenSource();

        using var response = await PostChatAsync(StreamBody, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));
        var firstLine = await reader.ReadLineAsync(cancel.Token);
        await reader.ReadLineAsync(cancel.Token);
        var waitingForMore = reader.ReadLineAsync(cancel.Token).AsTask();
        await cancel.CancelAsync();

        Assert.StartsWith("data: ", firstLine, StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waitingForMore);
        await _upstreamAborted.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal("client_disconnected", Assert.Single(await Gateway.UsageAsync(1)).ErrorClass);
    }

    [Fact]
    public async Task Chat_ClientCancelsWhileUpstreamThinks_UpstreamRequestAbortedAndUsageRecords499()
    {
        await StartGatewayAsync();
        Upstream.Handler = async (_, context) =>
        {
            context.RequestAborted.Register(() => _upstreamAborted.TrySetResult());
            _received.TrySetResult();
            await _never.Task.WaitAsync(context.RequestAborted);
        };
        using var cancel = new CancellationTokenSource();

        var pending = PostChatAsync(cancellationToken: cancel.Token);
        await _received.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        await _upstreamAborted.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var record = Assert.Single(await Gateway.UsageAsync(1));
        Assert.Equal((499, "client_disconnected"), (record.Status, record.ErrorClass));
    }

    [Fact]
    public async Task Chat_ClientCancelsWhileWaitingForACooldown_NoFurtherUpstreamCallAndUsageRecords499()
    {
        await StartGatewayAsync();
        Upstream.Handler = (_, context) => Fail(context, 429, RetryAfter(20));
        using var cancel = new CancellationTokenSource();

        var pending = PostChatAsync(cancellationToken: cancel.Token);
        await Clock.WhenTimerDueInAsync(TimeSpan.FromSeconds(20)).WaitAsync(TimeSpan.FromSeconds(20));
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        var record = Assert.Single(await Gateway.UsageAsync(1));
        Assert.Equal((499, "client_disconnected"), (record.Status, record.ErrorClass));
        Assert.Single(Upstream.Requests);
    }
}
