namespace LlmGateway.Routing;

/// <summary>One place a model can be served: a configured provider and the model name sent to it.</summary>
internal sealed record ModelTarget(string Provider, string Model)
{
    /// <summary>The canonical id, <c>provider/model</c>.</summary>
    public string Id { get; } = Provider + "/" + Model;
}
