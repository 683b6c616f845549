namespace LlmGateway.Routing;

internal enum ModelResolutionStatus
{
    Found,
    NotFound,
    Ambiguous,
}

/// <summary>The answer to "which upstream serves this model name": targets in order, or why none.</summary>
internal sealed record ModelResolution(
    ModelResolutionStatus Status,
    string Requested,
    string? Id,
    IReadOnlyList<ModelTarget> Targets,
    IReadOnlyList<string> Candidates)
{
    public static ModelResolution NotFound(string requested) => new(ModelResolutionStatus.NotFound, requested, null, [], []);
}
