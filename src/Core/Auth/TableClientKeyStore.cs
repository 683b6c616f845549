using System.Text.Json;
using Azure;
using LlmGateway.Configuration;
using LlmGateway.Json;
using LlmGateway.Storage.Tables;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LlmGateway.Auth;

/// <summary>
/// Client keys in the <c>{prefix}clientkeys</c> table (partition <c>key</c>, row = key id), hashes only. Lookups
/// read a memory copy that this instance updates on its own writes and re-reads every
/// <c>Gateway:Storage:ClientKeyRefreshSeconds</c> (30), so a key created or revoked on any instance holds everywhere
/// within that interval.
/// </summary>
internal sealed partial class TableClientKeyStore : BackgroundService, IClientKeyStore
{
    private const string Partition = "key";
    private readonly InMemoryClientKeyStore _cache = new();
    private readonly ITableClient _table;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _refresh;
    private readonly ILogger<TableClientKeyStore> _logger;
    private volatile bool _tableReady;

    // This instance's writes not yet known to be in a refresh's snapshot: a refresh that read the table before a
    // write finished must not put the older picture back (a new key unknown, a revoked key usable again).
    private readonly Lock _writes = new();
    private readonly Dictionary<string, (long Sequence, StoredClientKey Key)> _recentWrites = new(StringComparer.Ordinal);
    private long _writeSequence;

    public TableClientKeyStore(ITableStore store, IOptions<GatewayOptions> options, TimeProvider timeProvider, ILogger<TableClientKeyStore> logger)
    {
        _table = store.GetTableClient("clientkeys");
        _timeProvider = timeProvider;
        _refresh = TimeSpan.FromSeconds(options.Value.Storage.ClientKeyRefreshSeconds);
        _logger = logger;
    }

    public StoredClientKey? Find(string hash) => _cache.Find(hash);

    public async Task<IReadOnlyList<StoredClientKey>> ListAsync(CancellationToken cancellationToken = default)
    {
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        return await _cache.ListAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<StoredClientKey?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var entity = await _table.GetAsync(Partition, Escape(id), cancellationToken).ConfigureAwait(false);
        return entity is null ? null : FromEntity(entity);
    }

    public async Task SaveAsync(StoredClientKey key, CancellationToken cancellationToken = default)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        await _table.InsertAsync(ToEntity(key), cancellationToken).ConfigureAwait(false);
        Remember(key);
    }

    public async Task<bool> UpdateAsync(StoredClientKey key, CancellationToken cancellationToken = default)
    {
        try
        {
            await _table.UpdateAsync(ToEntity(key), ETag.All, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }
        catch (TableRequestFailedException ex) when (ex.Status == 404)
        {
            return false;
        }

        Remember(key);
        return true;
    }

    /// <summary>Re-reads every key now.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        long started;
        lock (_writes)
        {
            started = _writeSequence;
        }

        var keys = new List<StoredClientKey>();
        await foreach (var entity in _table.QueryAsync(new TableQuery { PartitionKey = Partition }, cancellationToken).ConfigureAwait(false))
        {
            if (FromEntity(entity) is { } key)
            {
                keys.Add(key);
            }
        }

        lock (_writes)
        {
            // Writes finished before the query began are in its snapshot; later ones may not be and win over it.
            foreach (var (id, write) in _recentWrites)
            {
                if (write.Sequence <= started)
                {
                    _recentWrites.Remove(id);
                }
                else
                {
                    keys.RemoveAll(k => k.Id == id);
                    keys.Add(write.Key);
                }
            }

            _cache.ReplaceAll(keys);
        }
    }

    /// <summary>A key this instance wrote, in the cache at once and kept over refreshes that may predate it.</summary>
    private void Remember(StoredClientKey key)
    {
        lock (_writes)
        {
            _recentWrites[key.Id] = (++_writeSequence, key);
            _cache.Put(key);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_refresh, _timeProvider);
        do
        {
            try
            {
                await RefreshAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Keys already known stay in use; the next tick tries again.
                if (ex is TableRequestFailedException { ErrorCode: TableErrors.TableNotFound })
                {
                    _tableReady = false;
                }

                LogRefreshFailed(_logger, ex.Message);
            }
        }
        while (await WaitAsync(timer, stoppingToken).ConfigureAwait(false));
    }

    /// <summary>Creates the table on first use (once it exists, not again), so a start during an outage heals.</summary>
    private async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (!_tableReady)
        {
            await _table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
            _tableReady = true;
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static TableEntity ToEntity(StoredClientKey key) => new(Partition, Escape(key.Id))
    {
        ["Id"] = key.Id,
        ["Hash"] = key.Hash,
        ["Prefix"] = key.Prefix,
        ["Label"] = key.Label,
        ["Created"] = key.Created,
        ["Expires"] = key.Expires,
        ["Revoked"] = key.Revoked,
        ["AllowedModels"] = List(key.AllowedModels),
        ["AllowedEndpoints"] = List(key.AllowedEndpoints),
        ["AllowedIpRanges"] = List(key.AllowedIpRanges),
        ["RequestsPerMinute"] = key.RequestsPerMinute,
        ["TokensPerDay"] = key.TokensPerDay,
    };

    private static StoredClientKey? FromEntity(TableEntity entity) =>
        entity.GetString("Id") is { } id && entity.GetString("Hash") is { } hash
            ? new StoredClientKey
            {
                Id = id,
                Hash = hash,
                Prefix = entity.GetString("Prefix") ?? "",
                Label = entity.GetString("Label") ?? "",
                Created = entity.GetDateTimeOffset("Created") ?? default,
                Expires = entity.GetDateTimeOffset("Expires"),
                Revoked = entity.GetDateTimeOffset("Revoked"),
                AllowedModels = List(entity.GetString("AllowedModels")),
                AllowedEndpoints = List(entity.GetString("AllowedEndpoints")),
                AllowedIpRanges = List(entity.GetString("AllowedIpRanges")),
                RequestsPerMinute = entity.GetInt32("RequestsPerMinute"),
                TokensPerDay = entity.GetInt64("TokensPerDay"),
            }
            : null;

    private static string? List(IReadOnlyList<string> values) =>
        values.Count == 0 ? null : JsonSerializer.Serialize(values.ToArray(), JsonDefaults.Context.StringArray);

    private static string[] List(string? json) =>
        json is null ? [] : JsonSerializer.Deserialize(json, JsonDefaults.Context.StringArray) ?? [];

    private static string Escape(string id) => Uri.EscapeDataString(id);

    [LoggerMessage(EventId = 4201, Level = LogLevel.Warning, Message = "Client key refresh failed: {Reason}")]
    private static partial void LogRefreshFailed(ILogger logger, string reason);
}
