using LlmGateway.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LlmGateway.Credentials.KeyVault;

/// <summary>
/// Keeps the current <see cref="KeyVaultSnapshot"/>: reads the vault at start and every
/// <c>Gateway:KeyVault:RefreshSeconds</c>, and publishes a new snapshot only when something changed. The hot path
/// reads <see cref="Current"/> (a volatile reference) and never waits on Key Vault. A failed read keeps the last
/// good snapshot; until the first read succeeds it is retried sooner (1, 2, 4 … seconds, at most the interval).
/// <see cref="RequestRefresh"/> cuts the current wait short (a rejected key), without blocking its caller.
/// </summary>
internal sealed partial class KeyVaultRefresher : BackgroundService
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);

    private readonly IKeyVaultSecretsReader _reader;
    private readonly TimeProvider _time;
    private readonly ILogger<KeyVaultRefresher> _logger;
    // Not disposed: it holds no handle, and a refresh still running at shutdown must be able to release it.
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private readonly TaskCompletionSource _firstLoad = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile KeyVaultSnapshot _current = KeyVaultSnapshot.Empty;
    private volatile string? _lastFailure;
    private volatile string? _lastFailureCode;
    private long _lastSuccessTicks;
    private long _lastFailureTicks;
    private TaskCompletionSource _wake = NewWake();

    public KeyVaultRefresher(IKeyVaultSecretsReader reader, IOptions<GatewayOptions> options, TimeProvider time, ILogger<KeyVaultRefresher> logger)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        var seconds = options.Value.KeyVault.RefreshSeconds;
        if (!(seconds >= KeyVaultOptionsValidator.MinimumRefreshSeconds) || double.IsInfinity(seconds))
        {
            throw new ArgumentOutOfRangeException(nameof(options), seconds, KeyVaultOptionsValidator.RefreshSecondsMessage);
        }

        _reader = reader;
        _time = time;
        _logger = logger;
        Interval = TimeSpan.FromSeconds(seconds);
    }

    /// <summary>
    /// Raised after a different snapshot is published (on the refreshing thread), with the new snapshot. A
    /// handler's exception is logged and does not undo the refresh.
    /// </summary>
    public event EventHandler<KeyVaultSnapshot>? Changed;

    /// <summary>The latest snapshot; <see cref="KeyVaultSnapshot.Empty"/> until the first read succeeds.</summary>
    public KeyVaultSnapshot Current => _current;

    /// <summary>Whether a read has succeeded yet.</summary>
    public bool HasLoaded => _firstLoad.Task.IsCompleted;

    /// <summary>Time between reads.</summary>
    public TimeSpan Interval { get; }

    /// <summary>When the last read succeeded (changed or not); null before the first.</summary>
    public DateTimeOffset? LastSuccessAt
    {
        get
        {
            var ticks = Interlocked.Read(ref _lastSuccessTicks);
            return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    /// <summary>Why the last read failed (status and error code, never a value); null after a success.</summary>
    public string? LastFailure => _lastFailure;

    /// <summary>
    /// The last failure in the short form <c>/healthz</c> shows (<see cref="KeyVaultFailure.Code"/>); null after a
    /// success.
    /// </summary>
    public string? LastFailureCode => _lastFailureCode;

    /// <summary>When the last read failed; null before any failure (kept after a success).</summary>
    public DateTimeOffset? LastFailureAt
    {
        get
        {
            var ticks = Interlocked.Read(ref _lastFailureTicks);
            return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    /// <summary>
    /// Asks the running refresher to read the vault now rather than at the end of its current wait (or, when a read
    /// is in progress, once more after it). Returns at once; requests made before the read starts are one read.
    /// Does nothing while the refresher is not running.
    /// </summary>
    public void RequestRefresh() => Volatile.Read(ref _wake).TrySetResult();

    /// <summary>Completes when the first read has succeeded; it does not fail when reads fail, so pass a deadline.</summary>
    public Task WaitForFirstLoadAsync(CancellationToken cancellationToken = default) =>
        _firstLoad.Task.WaitAsync(cancellationToken);

    /// <summary>
    /// Reads the vault now (after any read in progress) and publishes the result if it changed. Throws what the
    /// read threw, after logging it; <see cref="Current"/> then stays as it was.
    /// </summary>
    public async Task RefreshNowAsync(CancellationToken cancellationToken = default)
    {
        await _refreshing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            KeyVaultSnapshot read;
            try
            {
                read = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                var failure = KeyVaultFailure.Describe(e);
                _lastFailure = failure;
                _lastFailureCode = KeyVaultFailure.Code(e);
                Interlocked.Exchange(ref _lastFailureTicks, _time.GetUtcNow().UtcTicks);
                if (HasLoaded)
                {
                    LogRefreshFailed(_logger, failure, _current.LoadedAt);
                }
                else
                {
                    LogFirstLoadFailed(_logger, failure);
                }

                throw;
            }

            var now = _time.GetUtcNow();
            Interlocked.Exchange(ref _lastSuccessTicks, now.UtcTicks);
            _lastFailure = null;
            _lastFailureCode = null;
            var previous = _current;
            if (HasLoaded && read.HasSameContent(previous))
            {
                LogUnchanged(_logger, previous.Generation);
                return;
            }

            var published = read.Publish(previous.Generation + 1, now);
            _current = published;
            _firstLoad.TrySetResult();
            LogPublished(_logger, published.Generation, published.KeyCount, published.Providers.Count, published.ClientKeys.Count, published.ManagementKey is not null);
            RaiseChanged(published);
        }
        finally
        {
            _refreshing.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retry = FirstRetry;
        while (!stoppingToken.IsCancellationRequested)
        {
            // A request made from here on (even during the read) wakes the wait after it.
            var wake = NewWake();
            Volatile.Write(ref _wake, wake);
            TimeSpan wait;
            try
            {
                await RefreshNowAsync(stoppingToken).ConfigureAwait(false);
                wait = Interval;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception)
            {
                // Logged by RefreshNowAsync. Keys already loaded stay in use until the next read.
                wait = HasLoaded ? Interval : Min(retry, Interval);
                retry *= 2;
            }

            using var waiting = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var delay = Task.Delay(wait, _time, waiting.Token);
            await Task.WhenAny(delay, wake.Task).ConfigureAwait(false);
            await waiting.CancelAsync().ConfigureAwait(false);
            if (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private static TaskCompletionSource NewWake() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void RaiseChanged(KeyVaultSnapshot snapshot)
    {
        try
        {
            Changed?.Invoke(this, snapshot);
        }
        catch (Exception e)
        {
            LogChangedHandlerFailed(_logger, e, snapshot.Generation);
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
