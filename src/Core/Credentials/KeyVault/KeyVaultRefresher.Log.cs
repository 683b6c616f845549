using Microsoft.Extensions.Logging;

namespace LlmGateway.Credentials.KeyVault;

/// <summary>Log lines give counts and failures, never a key.</summary>
internal sealed partial class KeyVaultRefresher
{
    [LoggerMessage(EventId = 7010, Level = LogLevel.Information, Message = "Key Vault snapshot {Generation} loaded: {KeyCount} upstream keys for {ProviderCount} providers, {ClientKeyCount} client keys, management key present: {HasManagementKey}")]
    private static partial void LogPublished(ILogger logger, long generation, int keyCount, int providerCount, int clientKeyCount, bool hasManagementKey);

    [LoggerMessage(EventId = 7011, Level = LogLevel.Debug, Message = "Key Vault read; nothing changed since snapshot {Generation}")]
    private static partial void LogUnchanged(ILogger logger, long generation);

    [LoggerMessage(EventId = 7012, Level = LogLevel.Warning, Message = "Reading Key Vault failed ({Failure}); keeping the keys loaded at {LoadedAt:o}")]
    private static partial void LogRefreshFailed(ILogger logger, string failure, DateTimeOffset loadedAt);

    [LoggerMessage(EventId = 7013, Level = LogLevel.Warning, Message = "Reading Key Vault failed ({Failure}); no keys from Key Vault are loaded yet, retrying")]
    private static partial void LogFirstLoadFailed(ILogger logger, string failure);

    [LoggerMessage(EventId = 7014, Level = LogLevel.Error, Message = "A handler of the Key Vault snapshot change failed for snapshot {Generation}")]
    private static partial void LogChangedHandlerFailed(ILogger logger, Exception exception, long generation);
}
