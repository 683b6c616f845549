namespace LlmGateway.Storage.Tables;

/// <summary>
/// What <see cref="ITableClient.QueryAsync"/> reads: one partition (or the whole table when
/// <see cref="PartitionKey"/> is null), narrowed by an OData <see cref="Filter"/> (build it with
/// <see cref="TableFilter"/>), with only the <see cref="Select"/>ed properties, <see cref="MaxPerPage"/> entities a page.
/// </summary>
internal sealed record TableQuery
{
    /// <summary>Only this partition; ANDed with <see cref="Filter"/>.</summary>
    public string? PartitionKey { get; init; }

    /// <summary>An OData <c>$filter</c> expression.</summary>
    public string? Filter { get; init; }

    /// <summary>The properties to return (<c>$select</c>); PartitionKey and RowKey are always included.</summary>
    public IReadOnlyList<string>? Select { get; init; }

    /// <summary>The most entities one page holds (<c>$top</c>, 1 to 1000); null lets the service choose (1000).</summary>
    public int? MaxPerPage { get; init; }
}
