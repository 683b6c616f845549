namespace LlmGateway.Auth;

/// <summary>
/// Who is calling: the configured name of the client key, or the id of a managed key (never the key itself), and
/// the models that key may use (empty: any).
/// </summary>
internal sealed record ClientIdentity(string KeyName)
{
    public static readonly ClientIdentity Anonymous = new("anonymous");

    public IReadOnlyList<string> AllowedModels { get; init; } = [];

    /// <summary>Set when the key is valid but may not make this request (address or endpoint not allowed): answered 403.</summary>
    public string? Denial { get; init; }

    public bool MayUse(string model) => AllowedModels.Count == 0 || AllowedModels.Contains(model, StringComparer.Ordinal);
}
