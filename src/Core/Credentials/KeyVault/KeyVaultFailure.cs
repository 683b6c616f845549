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

    /// <summary>
    /// A shorter form for unauthenticated readers (<c>/healthz</c>): HTTP status and error code, or only the kind of
    /// failure; never a message, which could name hosts or carry text from the other side.
    /// </summary>
    public static string Code(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            RequestFailedException { Status: > 0 } failed => $"HTTP {failed.Status} {failed.ErrorCode}".TrimEnd(),
            RequestFailedException failed => "no response (" + (failed.InnerException?.GetType().Name ?? nameof(RequestFailedException)) + ")",
            _ => exception.GetType().Name,
        };
    }
}
