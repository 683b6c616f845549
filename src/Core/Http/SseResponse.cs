using System.Buffers;
using System.Net.ServerSentEvents;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace LlmGateway.Http;

/// <summary>
/// Writes a stream of SSE events to the client with <see cref="SseFormatter"/>: event-stream headers, no buffering
/// or compression, one flush per event, and keep-alives during silences (<see cref="KeepAliveStream"/>).
/// Status and headers are committed by the first event (or keep-alive), not before.
/// </summary>
internal static class SseResponse
{
    public static async Task WriteAsync(
        HttpContext context,
        IAsyncEnumerable<SseItem<ReadOnlyMemory<byte>>> events,
        ReadOnlyMemory<byte> keepAlive,
        TimeSpan keepAliveInterval,
        TimeProvider timeProvider)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        var output = new KeepAliveStream(response.Body, keepAlive, keepAliveInterval, timeProvider, context.RequestAborted);
        await using (output.ConfigureAwait(false))
        {
            await SseFormatter.WriteAsync(events, output, static (item, writer) => writer.Write(item.Data.Span), context.RequestAborted)
                .ConfigureAwait(false);
        }
    }

    /// <summary>One event's bytes as <see cref="SseFormatter"/> writes them (for constants such as a ping).</summary>
    public static byte[] Format(string? eventType, ReadOnlySpan<byte> data)
    {
        using var stream = new MemoryStream();
        var item = new SseItem<ReadOnlyMemory<byte>>(data.ToArray(), eventType);
        SseFormatter.WriteAsync(One(item), stream, static (i, writer) => writer.Write(i.Data.Span), CancellationToken.None)
            .GetAwaiter().GetResult();
        return stream.ToArray();
    }

    private static async IAsyncEnumerable<SseItem<ReadOnlyMemory<byte>>> One(SseItem<ReadOnlyMemory<byte>> item)
    {
        yield return item;
        await Task.CompletedTask.ConfigureAwait(false);
    }
}
