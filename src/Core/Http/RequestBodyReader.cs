using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace LlmGateway.Http;

/// <summary>Reads a request body into pooled memory, enforcing the gateway's size limit with its own 413.</summary>
internal static class RequestBodyReader
{
    public static async Task<PooledBuffer> ReadAsync(HttpContext context, long limit, CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (request.ContentLength > limit)
        {
            throw TooLarge(limit);
        }

        // Lift the server's own limit (Kestrel: 30 MB) to ours, so that we, not the server, answer 413.
        var sizeFeature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
        {
            sizeFeature.MaxRequestBodySize = limit + 1;
        }

        var buffer = new PooledBuffer((int)Math.Min(request.ContentLength ?? 16 * 1024, limit) + 1);
        try
        {
            while (true)
            {
                int read;
                try
                {
                    read = await request.Body.ReadAsync(buffer.GetMemory(16 * 1024), cancellationToken).ConfigureAwait(false);
                }
                catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
                {
                    throw TooLarge(limit);
                }

                if (read == 0)
                {
                    return buffer;
                }

                buffer.Advance(read);
                if (buffer.Length > limit)
                {
                    throw TooLarge(limit);
                }
            }
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    private static GatewayErrorException TooLarge(long limit) => new(new GatewayError(
        StatusCodes.Status413PayloadTooLarge,
        "request_too_large",
        $"Request body is larger than the gateway's limit of {limit} bytes (Gateway:MaxRequestBodyBytes)."));
}
