using Azure.Core;

namespace LlmGateway.Storage.Tables;

/// <summary>
/// Azure.Core client options of the table client: retries (exponential, 3 retries from 0.5 s up to 10 s, on 408,
/// 429, 500, 502, 503, 504 and network errors), the per-attempt network timeout (30 s) and the transport. Request and
/// response bodies are never logged; Azure.Core redacts the Authorization header.
/// </summary>
internal sealed class TableStoreClientOptions : ClientOptions
{
    public TableStoreClientOptions()
    {
        Retry.Mode = RetryMode.Exponential;
        Retry.MaxRetries = 3;
        Retry.Delay = TimeSpan.FromSeconds(0.5);
        Retry.MaxDelay = TimeSpan.FromSeconds(10);
        Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
        Diagnostics.IsLoggingContentEnabled = false;
    }
}
