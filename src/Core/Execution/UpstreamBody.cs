using LlmGateway.Http;

namespace LlmGateway.Execution;

/// <summary>
/// Reads a whole (non-stream) upstream body into pooled memory, up to a limit, with the credential's key taken out
/// should the upstream have echoed it.
/// </summary>
internal static class UpstreamBody
{
    public const string BrokenCode = "upstream_stream_error";

    public static async Task<PooledBuffer> ReadAsync(UpstreamCall call, long limit)
    {
        var content = call.Response.Content;
        var buffer = new PooledBuffer((int)Math.Min(content.Headers.ContentLength ?? 4096, limit) + 1);
        try
        {
            var stream = await content.ReadAsStreamAsync(call.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                int read;
                while ((read = await stream.ReadAsync(buffer.GetMemory(8192), call.Token).ConfigureAwait(false)) > 0)
                {
                    buffer.Advance(read);
                    call.ResetIdleTimer();
                    if (buffer.Length > limit)
                    {
                        throw new GatewayErrorException(new GatewayError(502, "upstream_response_too_large",
                            $"Upstream '{call.Provider.Name}' sent a response larger than {limit} bytes."));
                    }
                }
            }

            SecretScrubber.ScrubInPlace(buffer, call.Credential.SecretUtf8.Span);
            return buffer;
        }
        catch (OperationCanceledException) when (call.TimedOut)
        {
            buffer.Dispose();
            throw new GatewayErrorException(call.TimeoutError());
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            buffer.Dispose();
            throw new GatewayErrorException(new GatewayError(502, BrokenCode,
                $"Upstream '{call.Provider.Name}' broke the connection off while sending its response."));
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }
}
