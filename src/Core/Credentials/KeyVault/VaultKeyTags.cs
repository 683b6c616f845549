using System.Collections.Frozen;
using System.Globalization;

namespace LlmGateway.Credentials.KeyVault;

/// <summary>
/// An upstream key's optional secret tags: <c>priority</c> (integer, lower first, default 0), <c>weight</c>
/// (positive integer, default 1), <c>excludedModels</c> and <c>models</c> (comma-separated), <c>baseUrl</c> (an
/// absolute http(s) URL replacing the provider's) and <c>enabled</c> (<c>true</c>/<c>false</c>, default true). Tag
/// names are matched case-insensitively. A tag that does not parse keeps its default and is named in
/// <see cref="InvalidTags"/>.
/// </summary>
internal sealed record VaultKeyTags(int Priority, int Weight, FrozenSet<string> ExcludedModels, IReadOnlyList<string> InvalidTags)
{
    public const string PriorityTag = "priority";

    public const string WeightTag = "weight";

    public const string ExcludedModelsTag = "excludedModels";

    public const string ModelsTag = "models";

    public const string BaseUrlTag = "baseUrl";

    public const string EnabledTag = "enabled";

    public static VaultKeyTags Default { get; } = new(0, 1, FrozenSet<string>.Empty, []);

    /// <summary>The only models the key serves; empty: every model.</summary>
    public FrozenSet<string> Models { get; init; } = FrozenSet<string>.Empty;

    /// <summary>The key's own base URL (ending with a slash), or null for the provider's.</summary>
    public Uri? BaseUri { get; init; }

    /// <summary>False when the <c>enabled</c> tag says <c>false</c>: the key leaves the pool like a disabled secret.</summary>
    public bool Enabled { get; init; } = true;

    public static VaultKeyTags Parse(IEnumerable<KeyValuePair<string, string>>? tags)
    {
        if (tags is null)
        {
            return Default;
        }

        var priority = 0;
        var weight = 1;
        var excluded = FrozenSet<string>.Empty;
        var models = FrozenSet<string>.Empty;
        Uri? baseUri = null;
        var enabled = true;
        List<string>? invalid = null;
        foreach (var (name, value) in tags)
        {
            if (string.Equals(name, PriorityTag, StringComparison.OrdinalIgnoreCase))
            {
                if (!int.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out priority))
                {
                    priority = 0;
                    (invalid ??= []).Add(PriorityTag);
                }
            }
            else if (string.Equals(name, WeightTag, StringComparison.OrdinalIgnoreCase))
            {
                if (!int.TryParse(value, NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out weight) || weight < 1)
                {
                    weight = 1;
                    (invalid ??= []).Add(WeightTag);
                }
            }
            else if (string.Equals(name, ExcludedModelsTag, StringComparison.OrdinalIgnoreCase))
            {
                excluded = ModelList(value);
            }
            else if (string.Equals(name, ModelsTag, StringComparison.OrdinalIgnoreCase))
            {
                models = ModelList(value);
            }
            else if (string.Equals(name, BaseUrlTag, StringComparison.OrdinalIgnoreCase))
            {
                baseUri = UpstreamCredential.ParseBaseUri(value);
                if (baseUri is null && !string.IsNullOrWhiteSpace(value))
                {
                    (invalid ??= []).Add(BaseUrlTag);
                }
            }
            else if (string.Equals(name, EnabledTag, StringComparison.OrdinalIgnoreCase))
            {
                if (!bool.TryParse(value?.Trim(), out enabled))
                {
                    enabled = true;
                    (invalid ??= []).Add(EnabledTag);
                }
            }
        }

        return new VaultKeyTags(priority, weight, excluded, invalid ?? (IReadOnlyList<string>)[])
        {
            Models = models,
            BaseUri = baseUri,
            Enabled = enabled,
        };
    }

    /// <summary>Whether the tags include <c>enabled=false</c> (any case), which takes a gateway secret out of use.</summary>
    public static bool IsDisabledByTag(IEnumerable<KeyValuePair<string, string>>? tags)
    {
        if (tags is null)
        {
            return false;
        }

        foreach (var (name, value) in tags)
        {
            if (string.Equals(name, EnabledTag, StringComparison.OrdinalIgnoreCase) && bool.TryParse(value?.Trim(), out var enabled))
            {
                return !enabled;
            }
        }

        return false;
    }

    private static FrozenSet<string> ModelList(string? value) =>
        (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToFrozenSet(StringComparer.Ordinal);
}
