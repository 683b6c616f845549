using Azure.Core.Pipeline;
using Microsoft.Extensions.Logging;

namespace LlmGateway.Storage.Tables;

/// <summary>The table service of one account: one pipeline shared by the clients of every table, names prefixed.</summary>
internal sealed class TableStore : ITableStore
{
    private readonly HttpPipeline _pipeline;
    private readonly string _prefix;
    private readonly ILogger _logger;

    public TableStore(HttpPipeline pipeline, Uri endpoint, string prefix, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(logger);
        _pipeline = pipeline;
        Endpoint = endpoint;
        _prefix = prefix;
        _logger = logger;
    }

    public Uri Endpoint { get; }

    public ITableClient GetTableClient(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new TableClient(_pipeline, Endpoint, _prefix + name, _logger);
    }
}
