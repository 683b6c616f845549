namespace LlmGateway.Routing;

/// <summary>An entry of the model list: a canonical <c>provider/model</c> id or an alias.</summary>
internal sealed record CatalogModel(string Id, string OwnedBy, IReadOnlyList<ModelTarget> Targets);
