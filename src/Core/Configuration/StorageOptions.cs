namespace LlmGateway.Configuration;

/// <summary>
/// <c>Gateway:Storage</c>: Azure Table Storage for cooldowns, usage and client keys, shared by every instance.
/// Set one of <see cref="ConnectionString"/> (shared key, or <c>UseDevelopmentStorage=true</c> for Azurite) or
/// <see cref="TableServiceUri"/> (managed identity). Neither: state stays in this instance's memory.
/// </summary>
public sealed class StorageOptions
{
    /// <summary>A storage connection string with an account key, or <c>UseDevelopmentStorage=true</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The table endpoint, e.g. <c>https://acct.table.core.windows.net</c>, reached with the app's managed identity.</summary>
    [DeploymentSetting]
    public string? TableServiceUri { get; set; }

    /// <summary>Prefix of the table names (letters and digits; default <c>gateway</c>).</summary>
    public string TablePrefix { get; set; } = "gateway";

    /// <summary>Seconds between refreshes of the shared cooldown picture (default 2).</summary>
    public double RefreshSeconds { get; set; } = 2;

    /// <summary>Seconds a client key's creation or revocation may take to reach other instances (default 30).</summary>
    public double ClientKeyRefreshSeconds { get; set; } = 30;

    /// <summary>Seconds between usage batch writes (default 5).</summary>
    public double UsageFlushSeconds { get; set; } = 5;

    /// <summary>True when a table store is configured.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(ConnectionString) || !string.IsNullOrWhiteSpace(TableServiceUri);
}
