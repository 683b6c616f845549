using Microsoft.Extensions.Logging;

namespace LlmGateway.Credentials.KeyVault;

/// <summary>
/// A key from the vault that an upstream rejected (401/403) may have been rotated: asks the
/// <see cref="KeyVaultRefresher"/> to read the vault now, so the new value replaces the old one without waiting for
/// the next scheduled read. At most one such read per <see cref="MinimumGap"/>, however many keys are rejected; the
/// caller never waits (the refresher's own loop does the read). Keys from configuration are ignored.
/// </summary>
internal sealed partial class KeyVaultRefreshTrigger : ICredentialRefreshTrigger
{
    /// <summary>The least time between two reads asked for by rejected keys.</summary>
    public static readonly TimeSpan MinimumGap = TimeSpan.FromSeconds(30);

    private readonly KeyVaultRefresher _refresher;
    private readonly TimeProvider _time;
    private readonly ILogger<KeyVaultRefreshTrigger> _logger;
    private long _lastRequestTicks = long.MinValue;

    public KeyVaultRefreshTrigger(KeyVaultRefresher refresher, TimeProvider time, ILogger<KeyVaultRefreshTrigger> logger)
    {
        ArgumentNullException.ThrowIfNull(refresher);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _refresher = refresher;
        _time = time;
        _logger = logger;
    }

    public void KeyRejected(UpstreamCredential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        if (!credential.IsFromKeyVault)
        {
            return;
        }

        var now = _time.GetUtcNow().UtcTicks;
        var last = Interlocked.Read(ref _lastRequestTicks);
        if (last != long.MinValue && now - last < MinimumGap.Ticks)
        {
            LogThrottled(_logger, credential.Id, MinimumGap.TotalSeconds);
            return;
        }

        if (Interlocked.CompareExchange(ref _lastRequestTicks, now, last) != last)
        {
            return; // another rejection asked at the same moment
        }

        LogRequested(_logger, credential.Id);
        _refresher.RequestRefresh();
    }

    [LoggerMessage(EventId = 7020, Level = LogLevel.Information, Message = "Upstream rejected Key Vault credential {CredentialId}; reading Key Vault now for a rotated key")]
    private static partial void LogRequested(ILogger logger, string credentialId);

    [LoggerMessage(EventId = 7021, Level = LogLevel.Debug, Message = "Upstream rejected Key Vault credential {CredentialId}; Key Vault was read for a rejected key less than {Seconds} s ago, so not again")]
    private static partial void LogThrottled(ILogger logger, string credentialId, double seconds);
}
