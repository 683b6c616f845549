namespace LlmGateway.Storage.Tables;

/// <summary>
/// A storage account's table service, reached through one Azure.Core pipeline (shared key or managed identity,
/// retries, timeouts). A singleton; made by <see cref="TableStoreFactory"/>.
/// </summary>
internal interface ITableStore
{
    /// <summary>The table service endpoint requests go to.</summary>
    Uri Endpoint { get; }

    /// <summary>
    /// The client of table <c>{TablePrefix}{name}</c> (e.g. <c>gateway</c> + <c>cooldowns</c>). Cheap: it shares the
    /// store's pipeline. Throws <see cref="ArgumentException"/> when the result is not a valid table name.
    /// </summary>
    ITableClient GetTableClient(string name);
}
