using System.Collections.Frozen;
using System.Globalization;

namespace LlmGateway.Credentials.KeyVault;

/// <summary>
/// An upstream key's optional secret tags: <c>priority</c> (integer, lower first, default 0), <c>weight</c>
/// (positive integer, default 1) and <c>excludedModels</c> (comma-separated). Tag names are matched case-insensitively.
/// A tag that does not parse keeps its default and is named in <see cref="InvalidTags"/>.
/// </summary>
internal sealed record VaultKeyTags(int Priority, int Weight, FrozenSet<string> ExcludedModels, IReadOnlyList<string> InvalidTags)
{
    public const string PriorityTag = "priority";

    public const string WeightTag = "weight";

    public const string ExcludedModelsTag = "excludedModels";

    public static VaultKeyTags Default { get; } = new(0, 1, FrozenSet<string>.Empty, []);

    public static VaultKeyTags Parse(IEnumerable<KeyValuePair<string, string>>? tags)
    {
        if (tags is null)
        {
            return Default;
        }

        var priority = 0;
        var weight = 1;
        var excluded = FrozenSet<string>.Empty;
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
                excluded = (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .ToFrozenSet(StringComparer.Ordinal);
            }
        }

        return new VaultKeyTags(priority, weight, excluded, invalid ?? (IReadOnlyList<string>)[]);
    }
}
