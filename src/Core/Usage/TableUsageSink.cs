using System.Threading.Channels;
using Azure;
using LlmGateway.Configuration;
using LlmGateway.Storage.Tables;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LlmGateway.Usage;

/// <summary>
/// Usage written behind to Table Storage: requests only enqueue; every <c>Gateway:Storage:UsageFlushSeconds</c> the
/// queue goes out as batch inserts of up to 100 records per day partition, then each (key, model) and
/// (credential, model) daily aggregate is read, added to and written back under its ETag, re-read on a conflict, so
/// totals stay exact with any number of instances writing. A record already stored (same id: a retried batch, an
/// import) is neither stored nor counted twice.
/// </summary>
internal sealed partial class TableUsageSink : BackgroundService, IUsageSink, IUsageStore
{
    private const int BatchSize = 100;
    private const int MaxConflictRetries = 16;
    private const int QueueCapacity = 100_000;
    private readonly Channel<UsageRecord> _queue = Channel.CreateBounded<UsageRecord>(
        new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly Dictionary<(string Partition, string Row), UsageAggregate> _unsaved = [];
    private readonly SemaphoreSlim _flushGate = new(1, 1);
    private readonly ITableClient _records;
    private readonly ITableClient _daily;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _interval;
    private readonly ILogger<TableUsageSink> _logger;
    private long _dropped;
    private volatile bool _tablesReady;

    public TableUsageSink(ITableStore store, IOptions<GatewayOptions> options, TimeProvider timeProvider, ILogger<TableUsageSink> logger)
    {
        _records = store.GetTableClient(UsageTableEntities.RecordsTable);
        _daily = store.GetTableClient(UsageTableEntities.DailyTable);
        _timeProvider = timeProvider;
        _interval = TimeSpan.FromSeconds(options.Value.Storage.UsageFlushSeconds);
        _logger = logger;
    }

    public ITableClient Records => _records;

    public ITableClient Daily => _daily;

    public void Record(UsageRecord record)
    {
        if (!_queue.Writer.TryWrite(record))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>Writes everything queued so far (tests, shutdown, management reads that must see the latest).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        await _flushGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var pending = new List<UsageRecord>();
            while (_queue.Reader.TryRead(out var record))
            {
                pending.Add(record);
            }

            if (Interlocked.Exchange(ref _dropped, 0) is > 0 and var dropped)
            {
                LogDropped(_logger, dropped);
            }

            try
            {
                await StoreAsync(pending, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                // Back in the queue for the next flush; records already stored are recognised by id and skipped.
                foreach (var record in pending)
                {
                    Record(record);
                }

                throw;
            }
        }
        finally
        {
            _flushGate.Release();
        }
    }

    /// <summary>Stores records now (import); returns how many were new. Idempotent by record id.</summary>
    public async Task<int> ImportAsync(IReadOnlyList<UsageRecord> records, CancellationToken cancellationToken = default)
    {
        await _flushGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await StoreAsync(records, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _flushGate.Release();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Never fail the host's shutdown over usage; what could not be written is reported.
            LogFlushFailed(_logger, ex.Message);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_interval, _timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await FlushAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // Whatever went wrong, the records are back in the queue and the next tick tries again.
                    LogFlushFailed(_logger, ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Creates the tables on first use, and again after they went missing, so a start during an outage heals.</summary>
    private async Task EnsureTablesAsync(CancellationToken cancellationToken)
    {
        if (_tablesReady)
        {
            return;
        }

        await _records.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        await _daily.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        _tablesReady = true;
    }

    /// <summary>Inserts the records and adds the new ones to the daily aggregates; aggregates that fail to save are kept for the next flush.</summary>
    private async Task<int> StoreAsync(IReadOnlyList<UsageRecord> records, CancellationToken cancellationToken)
    {
        try
        {
            return await StoreCoreAsync(records, cancellationToken).ConfigureAwait(false);
        }
        catch (TableRequestFailedException ex) when (ex.ErrorCode == TableErrors.TableNotFound)
        {
            _tablesReady = false;
            throw;
        }
    }

    private async Task<int> StoreCoreAsync(IReadOnlyList<UsageRecord> records, CancellationToken cancellationToken)
    {
        if (records.Count > 0 || _unsaved.Count > 0)
        {
            await EnsureTablesAsync(cancellationToken).ConfigureAwait(false);
        }

        var stored = 0;
        foreach (var day in records.GroupBy(r => UsageTableEntities.Day(r.Time)))
        {
            foreach (var chunk in day.Chunk(BatchSize))
            {
                foreach (var record in await InsertAsync(chunk, cancellationToken).ConfigureAwait(false))
                {
                    stored++;
                    Accumulate(day.Key, UsageTableEntities.KeyRow(record), record);
                    Accumulate(day.Key, UsageTableEntities.CredentialRow(record), record);
                }
            }
        }

        foreach (var (key, delta) in _unsaved.ToList())
        {
            try
            {
                await AddToAggregateAsync(key.Partition, key.Row, delta, cancellationToken).ConfigureAwait(false);
            }
            catch (TableRequestFailedException ex) when (IsRefused(ex))
            {
                // Retrying cannot help, and keeping it would block every later flush.
                LogAggregateRefused(_logger, key.Partition, key.Row, delta.Requests, ex.Message);
            }

            _unsaved.Remove(key);
        }

        return stored;
    }

    private void Accumulate(string partition, string row, UsageRecord record)
    {
        var delta = UsageAggregate.Of(record);
        _unsaved[(partition, row)] = _unsaved.TryGetValue((partition, row), out var existing) ? existing.Add(delta) : delta;
    }

    /// <summary>
    /// The records that were not stored before: one batch when all are new, one by one when some exist or the
    /// service refused one (which is then logged and dropped, so it cannot block the queue).
    /// </summary>
    private async Task<IReadOnlyList<UsageRecord>> InsertAsync(UsageRecord[] chunk, CancellationToken cancellationToken)
    {
        var unique = chunk.DistinctBy(r => r.Id).ToArray();
        try
        {
            await _records.SubmitBatchAsync(unique.Select(r => TableBatchOperation.Insert(UsageTableEntities.ToEntity(r))).ToArray(), cancellationToken).ConfigureAwait(false);
            return unique;
        }
        catch (TableRequestFailedException ex) when (ex.Status == 409 || IsRefused(ex))
        {
            var fresh = new List<UsageRecord>(unique.Length);
            foreach (var record in unique)
            {
                try
                {
                    await _records.InsertAsync(UsageTableEntities.ToEntity(record), cancellationToken).ConfigureAwait(false);
                    fresh.Add(record);
                }
                catch (TableRequestFailedException one) when (one.Status == 409)
                {
                    // Stored before: neither stored nor counted again.
                }
                catch (TableRequestFailedException one) when (IsRefused(one))
                {
                    LogRecordRefused(_logger, record.Id, one.Message);
                }
            }

            return fresh;
        }
    }

    /// <summary>The service refused the entity itself (400, 413): the same write would be refused again.</summary>
    private static bool IsRefused(TableRequestFailedException exception) => exception.Status is 400 or 413;

    private async Task AddToAggregateAsync(string partition, string row, UsageAggregate delta, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var existing = await _daily.GetAsync(partition, row, cancellationToken).ConfigureAwait(false);
                if (existing is null)
                {
                    await _daily.InsertAsync(delta.ToEntity(partition, row), cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    var sum = UsageAggregate.FromEntity(existing).Add(delta);
                    await _daily.UpdateAsync(sum.ToEntity(partition, row), existing.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                }

                return;
            }
            catch (TableRequestFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxConflictRetries)
            {
                // Another instance added first: read its total and add again.
            }
        }
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Usage flush failed, will retry: {Reason}")]
    private static partial void LogFlushFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Error, Message = "Usage queue full: {Count} records dropped")]
    private static partial void LogDropped(ILogger logger, long count);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Error, Message = "Usage record {RecordId} was refused by the table and dropped: {Reason}")]
    private static partial void LogRecordRefused(ILogger logger, Guid recordId, string reason);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Error, Message = "Usage aggregate {Day}/{Row} was refused by the table; {Requests} requests are not counted in it: {Reason}")]
    private static partial void LogAggregateRefused(ILogger logger, string day, string row, long requests, string reason);
}
