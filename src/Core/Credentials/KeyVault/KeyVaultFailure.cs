using Azure;

namespace LlmGateway.Credentials.KeyVault;

/// <summary>Describes a failed Key Vault call for a log line: status and error code, never a response body or a value.</summary>
internal static class KeyVaultFailure
{
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            RequestFailedException { Status: > 0 } failed => $"HTTP {failed.Status} {failed.ErrorCode}".TrimEnd(),
            RequestFailedException failed => $"no response ({failed.InnerException?.GetType().Name ?? nameof(RequestFailedException)}: {failed.InnerException?.Message})",
            _ => $"{exception.GetType().Name}: {exception.Message}",
        };
    }
}
