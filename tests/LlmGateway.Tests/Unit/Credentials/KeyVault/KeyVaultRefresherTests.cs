using Azure;
using LlmGateway.Configuration;
using LlmGateway.Credentials.KeyVault;
using LlmGateway.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LlmGateway.Tests.Unit.Credentials.KeyVault;

public sealed class KeyVaultRefresherTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly FakeSecretsReader _reader = new();
    private readonly FakeClock _clock = new();
    private readonly CapturingLoggerProvider _logs = new();
    private readonly ILoggerFactory _loggerFactory;
    private readonly KeyVaultRefresher _refresher;

    public KeyVaultRefresherTests()
    {
        _loggerFactory = _logs.CreateFactory();
        _refresher = Create(refreshSeconds: 60);
    }

    public void Dispose()
    {
        _refresher.Dispose();
        _loggerFactory.Dispose();
    }

    [Fact]
    public async Task WaitForFirstLoadAsync_BeforeAndAfterFirstRead_CompletesOnlyAfter()
    {
        var wait = _refresher.WaitForFirstLoadAsync();
        Assert.False(wait.IsCompleted);
        Assert.False(_refresher.HasLoaded);

        _reader.Result = Snapshot("sk-1");
        await _refresher.RefreshNowAsync();

        await wait.WaitAsync(Deadline);
        Assert.True(_refresher.HasLoaded);
    }

    [Fact]
    public async Task RefreshNowAsync_FirstReadEmpty_CountsAsLoaded()
    {
        await _refresher.RefreshNowAsync();

        Assert.True(_refresher.HasLoaded);
        Assert.Equal(1, _refresher.Current.Generation);
        Assert.Equal(_clock.GetUtcNow(), _refresher.Current.LoadedAt);
    }

    [Fact]
    public async Task RefreshNowAsync_NewContent_PublishesNextGenerationAndRaisesChanged()
    {
        var changes = new List<KeyVaultSnapshot>();
        _refresher.Changed += (_, snapshot) => changes.Add(snapshot);
        _reader.Result = Snapshot("sk-1");
        await _refresher.RefreshNowAsync();

        _reader.Result = Snapshot("sk-2");
        await _refresher.RefreshNowAsync();

        Assert.Equal([1L, 2L], changes.Select(c => c.Generation));
        Assert.Same(changes[^1], _refresher.Current);
        Assert.Equal("sk-2", _refresher.Current.GetKeys("openai")[0].Secret);
    }

    [Fact]
    public async Task RefreshNowAsync_SameContent_KeepsSnapshotAndRaisesNoChanged()
    {
        _reader.Result = Snapshot("sk-1");
        await _refresher.RefreshNowAsync();
        var first = _refresher.Current;
        var changes = 0;
        _refresher.Changed += (_, _) => changes++;

        _reader.Result = Snapshot("sk-1");
        await _refresher.RefreshNowAsync();

        Assert.Same(first, _refresher.Current);
        Assert.Equal(0, changes);
        Assert.Equal(2, _reader.Reads);
    }

    [Fact]
    public async Task RefreshNowAsync_ReadFails_ThrowsAndKeepsLastSnapshot()
    {
        _reader.Result = Snapshot("sk-1");
        await _refresher.RefreshNowAsync();
        var good = _refresher.Current;

        _reader.Failure = new RequestFailedException(503, "vault unavailable", "ServiceUnavailable", null);
        await Assert.ThrowsAsync<RequestFailedException>(() => _refresher.RefreshNowAsync());

        Assert.Same(good, _refresher.Current);
        Assert.Equal("HTTP 503 ServiceUnavailable", _refresher.LastFailure);
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Warning && e.EventId.Id == 7012 && e.Message.Contains("HTTP 503", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RefreshNowAsync_SuccessAfterFailure_ClearsLastFailure()
    {
        _reader.Failure = new InvalidOperationException("boom");
        await Assert.ThrowsAsync<InvalidOperationException>(() => _refresher.RefreshNowAsync());
        Assert.NotNull(_refresher.LastFailure);
        Assert.Null(_refresher.LastSuccessAt);

        _reader.Failure = null;
        await _refresher.RefreshNowAsync();

        Assert.Null(_refresher.LastFailure);
        Assert.Equal(_clock.GetUtcNow(), _refresher.LastSuccessAt);
    }

    [Fact]
    public async Task RefreshNowAsync_ChangedHandlerThrows_SnapshotStillPublishedAndErrorLogged()
    {
        _refresher.Changed += (_, _) => throw new InvalidOperationException("handler bug");
        _reader.Result = Snapshot("sk-1");

        await _refresher.RefreshNowAsync();

        Assert.Equal("sk-1", _refresher.Current.GetKeys("openai")[0].Secret);
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Error && e.EventId.Id == 7014);
    }

    [Fact]
    public async Task ExecuteAsync_Running_ReadsAgainEveryInterval()
    {
        _reader.Result = Snapshot("sk-1");
        await _refresher.StartAsync(CancellationToken.None);
        await _refresher.WaitForFirstLoadAsync().WaitAsync(Deadline);
        await _clock.WaitForTimersAsync(1).WaitAsync(Deadline);
        var changed = NextChange();

        _reader.Result = Snapshot("sk-2");
        _clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(1, _reader.Reads);
        _clock.Advance(TimeSpan.FromSeconds(1));

        var snapshot = await changed.WaitAsync(Deadline);
        Assert.Equal("sk-2", snapshot.GetKeys("openai")[0].Secret);
        await _refresher.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task ExecuteAsync_FirstReadFails_RetriesAfterOneSecondNotTheInterval()
    {
        _reader.Failure = new RequestFailedException(0, "connection refused");
        await _refresher.StartAsync(CancellationToken.None);
        await _clock.WaitForTimersAsync(1).WaitAsync(Deadline);
        Assert.False(_refresher.HasLoaded);

        _reader.Failure = null;
        _reader.Result = Snapshot("sk-1");
        _clock.Advance(TimeSpan.FromSeconds(1));

        await _refresher.WaitForFirstLoadAsync().WaitAsync(Deadline);
        Assert.Equal(2, _reader.Reads);
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Warning && e.EventId.Id == 7013);
        await _refresher.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task ExecuteAsync_ReadFailsAfterLoad_KeepsSnapshotAndRetriesAtTheInterval()
    {
        _reader.Result = Snapshot("sk-1");
        await _refresher.StartAsync(CancellationToken.None);
        await _refresher.WaitForFirstLoadAsync().WaitAsync(Deadline);
        await _clock.WaitForTimersAsync(1).WaitAsync(Deadline);
        var good = _refresher.Current;

        _reader.Failure = new RequestFailedException(500, "oops", "InternalError", null);
        _clock.Advance(TimeSpan.FromSeconds(60));
        await _clock.WaitForTimersAsync(1).WaitAsync(Deadline); // the next wait is armed once the failed read is done
        Assert.Equal(2, _reader.Reads);
        _clock.Advance(TimeSpan.FromSeconds(59));

        Assert.Equal(2, _reader.Reads);
        Assert.NotNull(_refresher.LastFailure);
        Assert.Same(good, _refresher.Current);
        await _refresher.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task ExecuteAsync_RefreshRequested_ReadsAtOnceThenWaitsAWholeInterval()
    {
        _reader.Result = Snapshot("sk-1");
        await _refresher.StartAsync(CancellationToken.None);
        await _refresher.WaitForFirstLoadAsync().WaitAsync(Deadline);
        await _clock.WaitForTimersAsync(1).WaitAsync(Deadline);
        var changed = NextChange();
        _reader.Result = Snapshot("sk-2");
        var start = _clock.GetUtcNow();
        _clock.Advance(TimeSpan.FromSeconds(10));

        _refresher.RequestRefresh();

        var snapshot = await changed.WaitAsync(Deadline);
        Assert.Equal("sk-2", snapshot.GetKeys("openai")[0].Secret);
        Assert.Equal(start.AddSeconds(10), snapshot.LoadedAt);
        await _clock.WhenTimerDueInAsync(TimeSpan.FromSeconds(60)).WaitAsync(Deadline);
        Assert.Equal(2, _reader.Reads);
        await _refresher.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task RequestRefresh_NotRunning_ReadsNothing()
    {
        _refresher.RequestRefresh();
        await _refresher.RefreshNowAsync();

        Assert.Equal(1, _reader.Reads);
    }

    [Fact]
    public async Task RefreshNowAsync_ReadFails_RecordsShortCodeAndTimeWithoutTheMessage()
    {
        _reader.Failure = new RequestFailedException(403, "Caller is not authorized https://kv.vault.azure.net/secrets?token=abc", "Forbidden", null);
        await Assert.ThrowsAsync<RequestFailedException>(() => _refresher.RefreshNowAsync());

        Assert.Equal("HTTP 403 Forbidden", _refresher.LastFailureCode);
        Assert.Equal(_clock.GetUtcNow(), _refresher.LastFailureAt);

        _reader.Failure = new InvalidOperationException("message with https://kv.vault.azure.net/ in it");
        await Assert.ThrowsAsync<InvalidOperationException>(() => _refresher.RefreshNowAsync());
        Assert.Equal("InvalidOperationException", _refresher.LastFailureCode);

        _reader.Failure = null;
        await _refresher.RefreshNowAsync();
        Assert.Null(_refresher.LastFailureCode);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(0.5)]
    [InlineData(double.NaN)]
    public void Constructor_RefreshSecondsBelowOne_Throws(double refreshSeconds)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Create(refreshSeconds));
    }

    private KeyVaultRefresher Create(double refreshSeconds) =>
        new(_reader, Options.Create(new GatewayOptions { KeyVault = { VaultUri = "https://kv.vault.azure.net/", RefreshSeconds = refreshSeconds } }), _clock, _loggerFactory.CreateLogger<KeyVaultRefresher>());

    private Task<KeyVaultSnapshot> NextChange()
    {
        var next = new TaskCompletionSource<KeyVaultSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        _refresher.Changed += (_, snapshot) => next.TrySetResult(snapshot);
        return next.Task;
    }

    private static KeyVaultSnapshot Snapshot(string secret) =>
        new([("openai", KeyVaultSnapshotTests.Key("primary") with { Secret = secret })], null);
}
