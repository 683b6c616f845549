using System.Reflection;
using LlmGateway.Configuration;

namespace LlmGateway.Tests.Deploy;

/// <summary>
/// The app setting names of the options marked <see cref="DeploymentSettingAttribute"/>, found by walking
/// <see cref="GatewayOptions"/> and its nested option classes: <c>Gateway__</c> + the property path joined by <c>__</c>
/// (the double-underscore form of <c>Gateway:Storage:TableServiceUri</c>).
/// </summary>
internal static class DeploymentSettings
{
    private const int MaxDepth = 8;

    public static IReadOnlyList<string> AppSettingNames() =>
        Walk(typeof(GatewayOptions), GatewayOptions.SectionName, depth: 0).Order(StringComparer.Ordinal).ToList();

    private static IEnumerable<string> Walk(Type type, string prefix, int depth)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var name = prefix + "__" + property.Name;
            if (property.IsDefined(typeof(DeploymentSettingAttribute), inherit: true))
            {
                yield return name;
            }
            else if (depth < MaxDepth && IsOptionsClass(property.PropertyType))
            {
                foreach (var nested in Walk(property.PropertyType, name, depth + 1))
                {
                    yield return nested;
                }
            }
        }
    }

    // Nested sections (Storage, KeyVault, Retry...) are classes of the configuration namespace; collections and
    // dictionaries (ClientKeys, Providers) have no fixed path, so a setting inside them could not be an app setting.
    private static bool IsOptionsClass(Type type) =>
        type.IsClass && type != typeof(string) && type.Namespace == typeof(GatewayOptions).Namespace;
}
