using System.Collections.Concurrent;
using System.Threading.Channels;
using Azure;
using LlmGateway.Configuration;
using LlmGateway.Storage.Tables;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LlmGateway.State;

/// <summary>
/// Cooldowns shared by every instance through the <c>{prefix}cooldowns</c> table. Requests read and write this
/// instance's memory only; changes are written through in the background (of two writers, the later expiry wins,
/// settled by ETag), and the whole picture is re-read every <c>Gateway:Storage:RefreshSeconds</c>, so a key cooled
/// down by one instance is skipped by the others within seconds. Rows: partition = credential id, row = model
/// (<c>*</c> for the whole credential), both escaped for table keys.
/// <para>
/// Writes and refreshes take turns (one at a time), so a refresh never sees half of this instance's writes. A write
/// that storage could not take (an outage) is kept and tried again before newer ones, at the next change or refresh,
/// and until it is written the pair keeps its local state: a refresh neither clears it nor overwrites it.
/// </para>
/// </summary>
internal sealed partial class TableCredentialStateStore : BackgroundService, ICredentialStateStore
{
    private const int MaxConflictRetries = 8;
    private static readonly TimeSpan KeepExpired = TimeSpan.FromHours(1);
    private static readonly TimeSpan FinalWriteGrace = TimeSpan.FromSeconds(5);
    private readonly InMemoryCredentialStateStore _cache = new();
    private readonly Channel<Change> _changes = Channel.CreateUnbounded<Change>();

    // Changes queued or kept after a failed write, by pair; a null model is a whole-credential reset.
    private readonly ConcurrentDictionary<(string Credential, string? Model), int> _pending = new();

    // One writer or refresher at a time; it alone touches _unwritten and _tableReady.
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly Queue<Change> _unwritten = new();
    private readonly ITableClient _table;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _refresh;
    private readonly ILogger<TableCredentialStateStore> _logger;
    private readonly TaskCompletionSource _firstRefresh = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _refreshed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _tableReady;

    public TableCredentialStateStore(ITableStore store, IOptions<GatewayOptions> options, TimeProvider timeProvider, ILogger<TableCredentialStateStore> logger)
    {
        _table = store.GetTableClient("cooldowns");
        _timeProvider = timeProvider;
        _refresh = TimeSpan.FromSeconds(options.Value.Storage.RefreshSeconds);
        _logger = logger;
    }

    /// <summary>Completes once the shared picture has been read (or the first read failed).</summary>
    public Task FirstRefresh => _firstRefresh.Task;

    /// <summary>Completes when the next periodic refresh has ended, whether or not it reached the table (tests).</summary>
    public Task WaitForRefreshAsync() => Volatile.Read(ref _refreshed).Task;

    public DateTimeOffset? CoolingUntil(string credentialId, string model, DateTimeOffset now) => _cache.CoolingUntil(credentialId, model, now);

    public Cooldown? Get(string credentialId, string model) => _cache.Get(credentialId, model);

    // Each change is counted as pending before memory changes, so a refresh running meanwhile leaves the pair alone.
    public void SetCooldown(Cooldown cooldown)
    {
        Enqueue(new Change(cooldown.CredentialId, cooldown.Model, cooldown, false));
        _cache.SetCooldown(cooldown);
    }

    public void RecordSuccess(string credentialId, string model)
    {
        if (_cache.Get(credentialId, model) is null)
        {
            return;
        }

        Enqueue(new Change(credentialId, model, null, false));
        _cache.RecordSuccess(credentialId, model);
    }

    public void Reset(string credentialId)
    {
        Enqueue(new Change(credentialId, Cooldown.AllModels, null, true));
        _cache.Reset(credentialId);
    }

    public IReadOnlyList<Cooldown> Snapshot() => _cache.Snapshot();

    /// <summary>
    /// Writes every change made so far and re-reads the table now (tests, shutdown). False when storage could not
    /// be reached: the failure is logged and the unwritten changes are kept for the next attempt.
    /// </summary>
    public async Task<bool> SyncAsync(CancellationToken cancellationToken = default)
    {
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await Guard("sync", WriteAndRefreshAsync, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _turn.Release();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _changes.Writer.TryComplete();
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await SyncAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _firstRefresh.TrySetResult();
        }

        var writer = WriteLoopAsync(stoppingToken);
        using var timer = new PeriodicTimer(_refresh, _timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await SyncAsync(stoppingToken).ConfigureAwait(false);
                Interlocked.Exchange(ref _refreshed, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await writer.ConfigureAwait(false);
    }

    private void Enqueue(Change change)
    {
        _pending.AddOrUpdate(change.Key, 1, static (_, n) => n + 1);
        if (!_changes.Writer.TryWrite(change))
        {
            Done(change);
        }
    }

    private void Done(Change change)
    {
        if (_pending.AddOrUpdate(change.Key, 0, static (_, n) => n - 1) <= 0)
        {
            _pending.TryRemove(new KeyValuePair<(string, string?), int>(change.Key, 0));
        }
    }

    private bool IsPending(string credential, string model) =>
        !_pending.IsEmpty && (_pending.ContainsKey((credential, model)) || _pending.ContainsKey((credential, null)));

    private async Task WriteLoopAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _changes.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                await _turn.WaitAsync(stoppingToken).ConfigureAwait(false);
                try
                {
                    await Guard("write", WriteChangesAsync, stoppingToken).ConfigureAwait(false);
                }
                finally
                {
                    _turn.Release();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        // Shutting down: write what is left, briefly.
        using var grace = new CancellationTokenSource(FinalWriteGrace, _timeProvider);
        try
        {
            await _turn.WaitAsync(grace.Token).ConfigureAwait(false);
            try
            {
                await Guard("final write", WriteChangesAsync, grace.Token).ConfigureAwait(false);
            }
            finally
            {
                _turn.Release();
            }
        }
        catch (OperationCanceledException) when (grace.IsCancellationRequested)
        {
        }
    }

    private async Task WriteAndRefreshAsync(CancellationToken cancellationToken)
    {
        await WriteChangesAsync(cancellationToken).ConfigureAwait(false);
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes the changes kept from a failed attempt, then the queued ones, in order. When storage fails, the change
    /// and everything after it are kept for the next attempt and the failure is thrown; a change the service refuses
    /// for good is dropped and logged.
    /// </summary>
    private async Task WriteChangesAsync(CancellationToken cancellationToken)
    {
        while (_changes.Reader.TryRead(out var queued))
        {
            _unwritten.Enqueue(queued);
        }

        while (_unwritten.TryPeek(out var change))
        {
            try
            {
                await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
                await WriteAsync(change, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!IsTransient(ex, cancellationToken) && ex is not OperationCanceledException)
            {
                LogWriteDropped(_logger, change.Credential, change.Model, ex.Message);
            }

            _unwritten.Dequeue();
            Done(change);
        }
    }

    private async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (!_tableReady)
        {
            await _table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
            _tableReady = true;
        }
    }

    private async Task WriteAsync(Change change, CancellationToken cancellationToken)
    {
        var partition = Key(change.Credential);
        if (change.WholeCredential)
        {
            await foreach (var row in _table.QueryAsync(new TableQuery { PartitionKey = partition, Select = ["RowKey"] }, cancellationToken).ConfigureAwait(false))
            {
                await _table.DeleteAsync(partition, row.RowKey, null, true, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        var rowKey = Key(change.Model);
        if (change.Cooldown is null)
        {
            await _table.DeleteAsync(partition, rowKey, null, true, cancellationToken).ConfigureAwait(false);
            return;
        }

        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var existing = await _table.GetAsync(partition, rowKey, cancellationToken).ConfigureAwait(false);
                if (existing is null)
                {
                    await _table.InsertAsync(ToEntity(change.Cooldown), cancellationToken).ConfigureAwait(false);
                    return;
                }

                var theirs = FromEntity(existing);
                if (theirs is not null && theirs.Until >= change.Cooldown.Until)
                {
                    _cache.SetCooldown(theirs);
                    return;
                }

                await _table.UpdateAsync(ToEntity(change.Cooldown), existing.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (TableRequestFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxConflictRetries)
            {
                // Another instance wrote first: read again and compare expiries.
            }
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var now = _timeProvider.GetUtcNow();
        var seen = new HashSet<(string, string)>();
        await foreach (var entity in _table.QueryAsync(new TableQuery(), cancellationToken).ConfigureAwait(false))
        {
            if (FromEntity(entity) is not { } cooldown)
            {
                continue;
            }

            if (cooldown.Until + KeepExpired < now)
            {
                await _table.DeleteAsync(entity.PartitionKey, entity.RowKey, entity.ETag, true, cancellationToken).ConfigureAwait(false);
                continue;
            }

            seen.Add((cooldown.CredentialId, cooldown.Model));

            // A pair with a change of this instance's still to be written keeps its local state; the write settles it.
            if (!IsPending(cooldown.CredentialId, cooldown.Model)
                && (_cache.Get(cooldown.CredentialId, cooldown.Model) is not { } mine || mine.Until < cooldown.Until))
            {
                _cache.SetCooldown(cooldown);
            }
        }

        // Cleared elsewhere (a success, a reset, pruned): forget it here too, unless this instance has a write on the way.
        foreach (var mine in _cache.Snapshot())
        {
            if (!seen.Contains((mine.CredentialId, mine.Model)) && !IsPending(mine.CredentialId, mine.Model))
            {
                _cache.RecordSuccess(mine.CredentialId, mine.Model);
            }
        }
    }

    /// <summary>Runs a storage step; a failure is logged (never thrown to the caller) and false returned.</summary>
    private async Task<bool> Guard(string what, Func<CancellationToken, Task> action, CancellationToken cancellationToken)
    {
        try
        {
            await action(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (ex is TableRequestFailedException { Status: 404, ErrorCode: TableErrors.TableNotFound })
            {
                _tableReady = false;
            }

            LogStorageFailed(_logger, what, ex.Message);
            return false;
        }
    }

    /// <summary>Worth another attempt later: storage unreachable, throttling, a server error, the table missing.</summary>
    private static bool IsTransient(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        TableRequestFailedException table => table.Status is 408 or 429 or >= 500 || table.ErrorCode == TableErrors.TableNotFound,
        RequestFailedException request => request.Status is 0 or 408 or 429 or >= 500,
        HttpRequestException or IOException or TimeoutException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    private static TableEntity ToEntity(Cooldown cooldown) => new(Key(cooldown.CredentialId), Key(cooldown.Model))
    {
        ["Credential"] = cooldown.CredentialId,
        ["Model"] = cooldown.Model,
        ["Until"] = cooldown.Until,
        ["Reason"] = cooldown.Reason,
        ["Status"] = cooldown.Status,
        ["Strikes"] = cooldown.Strikes,
    };

    private static Cooldown? FromEntity(TableEntity entity) =>
        entity.GetString("Credential") is { } credential && entity.GetString("Model") is { } model && entity.GetDateTimeOffset("Until") is { } until
            ? new Cooldown(credential, model, until, entity.GetString("Reason") ?? "", entity.GetInt32("Status") ?? 0, entity.GetInt32("Strikes") ?? 0)
            : null;

    /// <summary>Table keys may not hold <c>/ \ # ?</c> or control characters; model names often hold a slash.</summary>
    internal static string Key(string value) => Uri.EscapeDataString(value);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Cooldown table {What} failed: {Reason}")]
    private static partial void LogStorageFailed(ILogger logger, string what, string reason);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Error, Message = "Cooldown of {CredentialId} for {Model} was refused by the table and is not shared: {Reason}")]
    private static partial void LogWriteDropped(ILogger logger, string credentialId, string model, string reason);

    private sealed record Change(string Credential, string Model, Cooldown? Cooldown, bool WholeCredential)
    {
        public (string Credential, string? Model) Key => (Credential, WholeCredential ? null : Model);
    }
}
