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
/// </summary>
internal sealed partial class TableCredentialStateStore : BackgroundService, ICredentialStateStore
{
    private const int MaxConflictRetries = 8;
    private static readonly TimeSpan KeepExpired = TimeSpan.FromHours(1);
    private readonly InMemoryCredentialStateStore _cache = new();
    private readonly Channel<Change> _changes = Channel.CreateUnbounded<Change>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<(string Credential, string Model), int> _pending = new();
    private readonly ITableClient _table;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _refresh;
    private readonly ILogger<TableCredentialStateStore> _logger;
    private readonly TaskCompletionSource _firstRefresh = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TableCredentialStateStore(ITableStore store, IOptions<GatewayOptions> options, TimeProvider timeProvider, ILogger<TableCredentialStateStore> logger)
    {
        _table = store.GetTableClient("cooldowns");
        _timeProvider = timeProvider;
        _refresh = TimeSpan.FromSeconds(options.Value.Storage.RefreshSeconds);
        _logger = logger;
    }

    /// <summary>Completes once the shared picture has been read (or the first read failed).</summary>
    public Task FirstRefresh => _firstRefresh.Task;

    public DateTimeOffset? CoolingUntil(string credentialId, string model, DateTimeOffset now) => _cache.CoolingUntil(credentialId, model, now);

    public Cooldown? Get(string credentialId, string model) => _cache.Get(credentialId, model);

    public void SetCooldown(Cooldown cooldown)
    {
        _cache.SetCooldown(cooldown);
        Enqueue(new Change(cooldown.CredentialId, cooldown.Model, cooldown, false));
    }

    public void RecordSuccess(string credentialId, string model)
    {
        if (_cache.Get(credentialId, model) is null)
        {
            return;
        }

        _cache.RecordSuccess(credentialId, model);
        Enqueue(new Change(credentialId, model, null, false));
    }

    public void Reset(string credentialId)
    {
        _cache.Reset(credentialId);
        Enqueue(new Change(credentialId, Cooldown.AllModels, null, true));
    }

    public IReadOnlyList<Cooldown> Snapshot() => _cache.Snapshot();

    /// <summary>Writes every queued change and re-reads the table now (tests, shutdown).</summary>
    public async Task SyncAsync(CancellationToken cancellationToken = default)
    {
        await DrainAsync(cancellationToken).ConfigureAwait(false);
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
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
            await _table.CreateIfNotExistsAsync(stoppingToken).ConfigureAwait(false);
            await RefreshAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RequestFailedException or HttpRequestException or IOException)
        {
            LogStorageFailed(_logger, "first read", ex.Message);
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
                await Guard("refresh", RefreshAsync, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await writer.ConfigureAwait(false);
    }

    private void Enqueue(Change change)
    {
        _pending.AddOrUpdate((change.Credential, change.Model), 1, static (_, n) => n + 1);
        if (!_changes.Writer.TryWrite(change))
        {
            Done(change);
        }
    }

    private void Done(Change change)
    {
        var key = (change.Credential, change.Model);
        if (_pending.AddOrUpdate(key, 0, static (_, n) => n - 1) <= 0)
        {
            _pending.TryRemove(new KeyValuePair<(string, string), int>(key, 0));
        }
    }

    private async Task WriteLoopAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _changes.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                await DrainAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: write what is left, briefly.
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5), _timeProvider);
            await Guard("final write", DrainAsync, grace.Token).ConfigureAwait(false);
        }
    }

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        while (_changes.Reader.TryRead(out var change))
        {
            try
            {
                await Guard("write", ct => WriteAsync(change, ct), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Done(change);
            }
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
            if (_cache.Get(cooldown.CredentialId, cooldown.Model) is not { } mine || mine.Until < cooldown.Until)
            {
                _cache.SetCooldown(cooldown);
            }
        }

        // Cleared elsewhere (a success, a reset): forget it here too, unless this instance has a write on the way.
        foreach (var mine in _cache.Snapshot())
        {
            if (!seen.Contains((mine.CredentialId, mine.Model)) && !_pending.ContainsKey((mine.CredentialId, mine.Model)))
            {
                _cache.RecordSuccess(mine.CredentialId, mine.Model);
            }
        }
    }

    private async Task Guard(string what, Func<CancellationToken, Task> action, CancellationToken cancellationToken)
    {
        try
        {
            await action(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RequestFailedException or HttpRequestException or IOException)
        {
            LogStorageFailed(_logger, what, ex.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

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

    private sealed record Change(string Credential, string Model, Cooldown? Cooldown, bool WholeCredential);
}
