using System.Text.RegularExpressions;
using LlmGateway.Tests.Infrastructure;

namespace LlmGateway.Tests.Deploy;

/// <summary>
/// Reads the azd/Bicep files with small regular expressions: enough to check references and names without a Bicep
/// compiler or an Azure subscription.
/// </summary>
internal static partial class InfraFiles
{
    public static string BicepDirectory { get; } = Path.Combine(Repository.Root, "infra", "bicep");

    public static string MainBicepPath { get; } = Path.Combine(BicepDirectory, "main.bicep");

    public static string MainParametersPath { get; } = Path.Combine(BicepDirectory, "main.parameters.json");

    public static string AzureYamlPath { get; } = Path.Combine(Repository.Root, "azure.yaml");

    /// <summary>Every .bicep file under infra/bicep.</summary>
    public static IReadOnlyList<string> AllBicepFiles() =>
        Directory.GetFiles(BicepDirectory, "*.bicep", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();

    /// <summary>Every file of the deployment: Bicep, its JSON, the hooks and azure.yaml.</summary>
    public static IReadOnlyList<string> AllDeploymentFiles() =>
        Directory.GetFiles(Path.Combine(Repository.Root, "infra"), "*", SearchOption.AllDirectories)
            .Append(AzureYamlPath)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>The file without <c>//</c> and <c>/* */</c> comments (a URL loses its tail; names and keys survive).</summary>
    public static string ReadWithoutComments(string path) =>
        LineComment().Replace(BlockComment().Replace(File.ReadAllText(path), string.Empty), string.Empty);

    /// <summary>The repository-relative form of a path, for messages.</summary>
    public static string Relative(string path) => Path.GetRelativePath(Repository.Root, path).Replace('\\', '/');

    /// <summary>Paths given to <c>module x '...'</c>: local files and registry references alike.</summary>
    public static IEnumerable<string> ModuleReferences(string bicepText) =>
        ModuleReference().Matches(bicepText).Select(match => match.Groups["path"].Value);

    /// <summary>Files read at compile time with <c>loadJsonContent</c>, <c>loadTextContent</c> and the like.</summary>
    public static IEnumerable<string> LoadedFiles(string bicepText) =>
        LoadedFile().Matches(bicepText).Select(match => match.Groups["path"].Value);

    public static bool IsRegistryReference(string path) =>
        path.StartsWith("br/", StringComparison.Ordinal) || path.StartsWith("br:", StringComparison.Ordinal)
        || path.StartsWith("ts/", StringComparison.Ordinal) || path.StartsWith("ts:", StringComparison.Ordinal);

    /// <summary>Declared parameters, with whether each has a default value.</summary>
    public static IReadOnlyDictionary<string, bool> Parameters(string bicepText) =>
        Parameter().Matches(bicepText).ToDictionary(
            match => match.Groups["name"].Value,
            match => match.Groups["rest"].Value.Contains('=', StringComparison.Ordinal),
            StringComparer.Ordinal);

    public static IReadOnlySet<string> Outputs(string bicepText) =>
        Output().Matches(bicepText).Select(match => match.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>True when some object in the text has the key (bare or quoted): how Bicep writes an app setting.</summary>
    public static bool HasObjectKey(string bicepText, string key) =>
        Regex.IsMatch(bicepText, $@"^\s*'?{Regex.Escape(key)}'?\s*:", RegexOptions.Multiline);

    /// <summary>Names read from <c>abbrs.name</c>.</summary>
    public static IEnumerable<string> AbbreviationUses(string bicepText) =>
        AbbreviationUse().Matches(bicepText).Select(match => match.Groups["name"].Value).Distinct(StringComparer.Ordinal);

    /// <summary>The value of the first <c>key: value</c> line of a YAML file (no YAML parser on purpose: one shape, one regex).</summary>
    public static IEnumerable<string> YamlValues(string yaml, string key) =>
        Regex.Matches(yaml, $@"^\s*{Regex.Escape(key)}:\s*(?<value>[^\s#]+)", RegexOptions.Multiline)
            .Select(match => match.Groups["value"].Value.Trim('\'', '"'));

    [GeneratedRegex(@"/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex BlockComment();

    [GeneratedRegex(@"//.*$", RegexOptions.Multiline)]
    private static partial Regex LineComment();

    [GeneratedRegex(@"^\s*module\s+\w+\s+'(?<path>[^']+)'", RegexOptions.Multiline)]
    private static partial Regex ModuleReference();

    [GeneratedRegex(@"load(?:Json|Text|Yaml|FileAsBase64|Directory)\w*\(\s*'(?<path>[^']+)'")]
    private static partial Regex LoadedFile();

    [GeneratedRegex(@"^\s*param\s+(?<name>\w+)\s+(?<rest>.*)$", RegexOptions.Multiline)]
    private static partial Regex Parameter();

    [GeneratedRegex(@"^\s*output\s+(?<name>\w+)\s", RegexOptions.Multiline)]
    private static partial Regex Output();

    [GeneratedRegex(@"\babbrs\.(?<name>\w+)")]
    private static partial Regex AbbreviationUse();
}
