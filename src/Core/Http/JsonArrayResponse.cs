using System.Net.ServerSentEvents;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace LlmGateway.Http;

/// <summary>
/// Streams events as the JSON array Google returns from <c>streamGenerateContent</c> without <c>alt=sse</c>:
/// <c>[</c>, the items separated by <c>,\r\n</c>, <c>]</c> — flushed item by item, with whitespace as keep-alive
/// between items. The array is closed on every path.
/// </summary>
internal static class JsonArrayResponse
{
    private static readonly byte[] Open = "["u8.ToArray();
    private static readonly byte[] Separator = ",\r\n"u8.ToArray();
    private static readonly byte[] Close = "]"u8.ToArray();
    private static readonly byte[] KeepAlive = "\n"u8.ToArray();

    public static async Task WriteAsync(HttpContext context, IAsyncEnumerable<SseItem<ReadOnlyMemory<byte>>> events, TimeSpan keepAliveInterval, TimeProvider timeProvider)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var cancellationToken = context.RequestAborted;
        var output = new KeepAliveStream(response.Body, KeepAlive, keepAliveInterval, timeProvider, cancellationToken);
        await using (output.ConfigureAwait(false))
        {
            var first = true;
            await foreach (var item in events.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                await output.WriteAsync(first ? Open : Separator, cancellationToken).ConfigureAwait(false);
                await output.WriteAsync(item.Data, cancellationToken).ConfigureAwait(false);
                first = false;
            }

            await output.WriteAsync(first ? "[]"u8.ToArray() : Close, cancellationToken).ConfigureAwait(false);
        }
    }
}
