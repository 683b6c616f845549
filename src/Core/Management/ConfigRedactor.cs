using System.Text.Json;
using System.Text.Json.Nodes;
using LlmGateway.Configuration;
using LlmGateway.Json;

namespace LlmGateway.Management;

/// <summary>
/// The effective <see cref="GatewayOptions"/> as JSON with every secret replaced by <c>***</c>: client keys,
/// upstream keys (<c>Keys</c> and <c>Credentials[].Key</c>), the management key, and the account key or SAS of the
/// storage connection string. Then, as a second line of defence, any string that contains a known secret value
/// (those, plus keys read from Key Vault) is replaced whole, wherever it sits.
/// </summary>
internal static class ConfigRedactor
{
    public const string Mask = "***";

    /// <summary>Shorter values are not searched for inside other strings (they would match by accident).</summary>
    private const int MinimumSecretLength = 6;

    private static readonly string[] ConnectionStringSecrets = ["AccountKey", "SharedAccessSignature"];

    public static JsonObject Redact(GatewayOptions options, bool managementKeyInForce, IEnumerable<string?> otherSecrets)
    {
        ArgumentNullException.ThrowIfNull(options);
        var root = JsonSerializer.SerializeToNode(options, JsonDefaults.Context.GatewayOptions)!.AsObject();
        var secrets = new HashSet<string>(StringComparer.Ordinal);
        foreach (var client in Objects(root["ClientKeys"]))
        {
            MaskProperty(client, "Key", secrets);
        }

        foreach (var (_, provider) in root["Providers"] as JsonObject ?? [])
        {
            if (provider?["Keys"] is JsonArray keys)
            {
                for (var i = 0; i < keys.Count; i++)
                {
                    Collect(keys[i], secrets);
                    keys[i] = Mask;
                }
            }

            foreach (var credential in Objects(provider?["Credentials"]))
            {
                MaskProperty(credential, "Key", secrets);
            }
        }

        Collect(root["ManagementKey"], secrets);
        if (managementKeyInForce)
        {
            root["ManagementKey"] = Mask;
        }
        else
        {
            root.Remove("ManagementKey");
        }

        if (root["Storage"] is JsonObject storage && storage["ConnectionString"]?.GetValue<string>() is { } connection)
        {
            storage["ConnectionString"] = RedactConnectionString(connection, secrets);
        }

        foreach (var secret in otherSecrets)
        {
            if (!string.IsNullOrEmpty(secret))
            {
                secrets.Add(secret);
            }
        }

        secrets.RemoveWhere(s => s.Length < MinimumSecretLength);
        Scrub(root, secrets);
        return root;
    }

    /// <summary>Keeps the endpoints and account name; the key or signature becomes <c>***</c>.</summary>
    internal static string RedactConnectionString(string connection, ISet<string>? secrets = null)
    {
        var parts = connection.Split(';');
        for (var i = 0; i < parts.Length; i++)
        {
            var equals = parts[i].IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && ConnectionStringSecrets.Contains(parts[i][..equals].Trim(), StringComparer.OrdinalIgnoreCase))
            {
                secrets?.Add(parts[i][(equals + 1)..]);
                parts[i] = parts[i][..(equals + 1)] + Mask;
            }
        }

        return string.Join(';', parts);
    }

    private static IEnumerable<JsonObject> Objects(JsonNode? array) =>
        array is JsonArray items ? items.OfType<JsonObject>() : [];

    private static void MaskProperty(JsonObject node, string name, HashSet<string> secrets)
    {
        if (node[name] is not null)
        {
            Collect(node[name], secrets);
            node[name] = Mask;
        }
    }

    private static void Collect(JsonNode? node, HashSet<string> secrets)
    {
        if (node is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0)
        {
            secrets.Add(text);
        }
    }

    private static void Scrub(JsonNode? node, HashSet<string> secrets)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    if (Leaks(obj[name], secrets))
                    {
                        obj[name] = Mask;
                    }
                    else
                    {
                        Scrub(obj[name], secrets);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (Leaks(array[i], secrets))
                    {
                        array[i] = Mask;
                    }
                    else
                    {
                        Scrub(array[i], secrets);
                    }
                }

                break;
        }
    }

    private static bool Leaks(JsonNode? node, HashSet<string> secrets) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) && text != Mask
        && secrets.Any(secret => text.Contains(secret, StringComparison.Ordinal));
}
