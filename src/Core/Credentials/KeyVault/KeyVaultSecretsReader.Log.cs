using Microsoft.Extensions.Logging;

namespace LlmGateway.Credentials.KeyVault;

/// <summary>Log lines name secrets, never their values.</summary>
internal sealed partial class KeyVaultSecretsReader
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "Key Vault secret {SecretName} is for provider {Provider}, which is not configured under Gateway:Providers; it is ignored")]
    private static partial void LogUnknownProvider(ILogger logger, string secretName, string provider);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "Key Vault secret {SecretName} starts with 'upstream--' or 'client-key--' but is not named upstream--{{provider}}--{{label}} or client-key--{{name}} (letters, digits and dashes); it is ignored")]
    private static partial void LogMalformedName(ILogger logger, string secretName);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Information, Message = "Key Vault secret {SecretName} is not used: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string secretName, string reason);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Warning, Message = "Key Vault secret {SecretName} has an invalid {Tags} tag (priority: an integer; weight: an integer of at least 1; baseUrl: an absolute http(s) URL; enabled: true or false); the default is used")]
    private static partial void LogInvalidTags(ILogger logger, string secretName, string tags);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Debug, Message = "Fetched Key Vault secret {SecretName} version {Version}")]
    private static partial void LogFetched(ILogger logger, string secretName, string? version);

    [LoggerMessage(EventId = 7006, Level = LogLevel.Warning, Message = "Fetching Key Vault secret {SecretName} failed: {Failure}")]
    private static partial void LogFetchFailed(ILogger logger, string secretName, string failure);
}
