using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace LlmGateway.Http;

/// <summary>
/// Keeps a slow non-stream answer alive: when nothing has been sent after the delay, commits status 200 with a
/// JSON content type and sends a space, then one per interval, until the body is ready. JSON allows leading
/// whitespace, so clients parse the answer as usual; Azure's front end, which drops a response idle for 230 s,
/// sees traffic. Once started, the answer (or an error, then with status 200) follows the whitespace.
/// </summary>
internal sealed class JsonKeepAlive : IAsyncDisposable
{
    private static readonly byte[] Space = " "u8.ToArray();
    private readonly HttpContext _context;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ITimer _timer;
    private bool _stopped;

    private JsonKeepAlive(HttpContext context, TimeSpan delay, TimeSpan interval, TimeProvider timeProvider)
    {
        _context = context;
        _timer = timeProvider.CreateTimer(static state => _ = ((JsonKeepAlive)state!).TickAsync(), this, delay, interval);
    }

    /// <summary>True once status 200 and whitespace are on the wire.</summary>
    public bool Started { get; private set; }

    /// <summary>Spaces sent so far.</summary>
    public int Sent { get; private set; }

    /// <summary>Null when turned off (a delay of zero).</summary>
    public static JsonKeepAlive? Start(HttpContext context, TimeSpan delay, TimeSpan interval, TimeProvider timeProvider) =>
        delay > TimeSpan.Zero ? new JsonKeepAlive(context, delay, interval, timeProvider) : null;

    /// <summary>Stops the whitespace, waiting for one being written; the caller then writes the body.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        await _timer.DisposeAsync().ConfigureAwait(false);
        await _gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        _stopped = true;
        _gate.Release();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _gate.Dispose();
    }

    private async Task TickAsync()
    {
        var aborted = _context.RequestAborted;
        try
        {
            await _gate.WaitAsync(aborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            return;
        }

        try
        {
            if (_stopped)
            {
                return;
            }

            var response = _context.Response;
            if (!Started)
            {
                if (response.HasStarted)
                {
                    _stopped = true;
                    return;
                }

                response.StatusCode = StatusCodes.Status200OK;
                response.ContentType = "application/json";
                _context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
                Started = true;
            }

            await response.Body.WriteAsync(Space, aborted).ConfigureAwait(false);
            await response.Body.FlushAsync(aborted).ConfigureAwait(false);
            Sent++;
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The client left or the response ended; the request path sees the same and cleans up.
        }
        finally
        {
            _gate.Release();
        }
    }
}
