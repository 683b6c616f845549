namespace LlmGateway.Http;

/// <summary>
/// A write-only wrapper over a streaming response body that sends a keep-alive (an SSE comment, or whitespace
/// before a JSON body) whenever nothing has been written for the interval, so proxies with idle limits (Azure's
/// front end drops a response idle for 230 s) never cut a slow upstream. Writes are serialised by a gate, and
/// the keep-alive re-checks the idle time under the gate, so it never lands inside an event.
/// </summary>
internal sealed class KeepAliveStream : Stream
{
    private readonly Stream _inner;
    private readonly ReadOnlyMemory<byte> _keepAlive;
    private readonly TimeProvider _timeProvider;
    private readonly long _intervalTicks;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ITimer _timer;
    private readonly CancellationToken _cancellationToken;
    private long _lastWrite;
    private bool _closed;

    public KeepAliveStream(Stream inner, ReadOnlyMemory<byte> keepAlive, TimeSpan interval, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        _inner = inner;
        _keepAlive = keepAlive;
        _timeProvider = timeProvider;
        _cancellationToken = cancellationToken;
        _intervalTicks = (long)(interval.TotalSeconds * timeProvider.TimestampFrequency);
        _lastWrite = timeProvider.GetTimestamp();
        _timer = timeProvider.CreateTimer(static state => _ = ((KeepAliveStream)state!).OnTimerAsync(), this, interval / 2, interval / 2);
    }

    /// <summary>Keep-alives sent so far.</summary>
    public int KeepAlivesSent { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _lastWrite, _timeProvider.GetTimestamp());
        }
        finally
        {
            _gate.Release();
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _inner.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public override void Flush() => throw new NotSupportedException("Use FlushAsync.");

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("Use WriteAsync.");

    /// <summary>Stops keep-alives; later writes still go through.</summary>
    public async Task StopAsync()
    {
        await _timer.DisposeAsync().ConfigureAwait(false);
        await _gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        _closed = true;
        _gate.Release();
    }

    public override async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private async Task OnTimerAsync()
    {
        if (_timeProvider.GetTimestamp() - Volatile.Read(ref _lastWrite) < _intervalTicks || _closed)
        {
            return;
        }

        try
        {
            await _gate.WaitAsync(_cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            if (!_closed && _timeProvider.GetTimestamp() - Volatile.Read(ref _lastWrite) >= _intervalTicks)
            {
                await _inner.WriteAsync(_keepAlive, _cancellationToken).ConfigureAwait(false);
                await _inner.FlushAsync(_cancellationToken).ConfigureAwait(false);
                Volatile.Write(ref _lastWrite, _timeProvider.GetTimestamp());
                KeepAlivesSent++;
            }
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
