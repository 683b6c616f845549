using System.Globalization;
using System.Net;
using System.Text.Json;
using LlmGateway.Auth;

namespace LlmGateway.Management;

/// <summary>
/// The fields of a <c>POST</c> or <c>PATCH /v0/management/keys</c> body. Absent fields stay as they are; <c>null</c>
/// clears one (no expiry, no allow-list, no limit). Unknown fields and wrong types are refused with the field named,
/// so a misspelt restriction is never silently ignored.
/// </summary>
internal sealed class ClientKeyChanges
{
    private const int MaxLabelLength = 200;
    private const int MaxListLength = 100;

    private ClientKeyChanges()
    {
    }

    public bool HasLabel { get; private set; }

    public string Label { get; private set; } = "";

    public IReadOnlyList<string>? AllowedModels { get; private set; }

    public IReadOnlyList<string>? AllowedEndpoints { get; private set; }

    public IReadOnlyList<string>? AllowedIpRanges { get; private set; }

    public bool HasExpires { get; private set; }

    public DateTimeOffset? Expires { get; private set; }

    public bool HasRequestsPerMinute { get; private set; }

    public int? RequestsPerMinute { get; private set; }

    public bool HasTokensPerDay { get; private set; }

    public long? TokensPerDay { get; private set; }

    /// <summary>Reads a body (empty: no changes); throws a 400 naming the field at fault.</summary>
    public static ClientKeyChanges Parse(ReadOnlyMemory<byte> body, DateTimeOffset now)
    {
        var changes = new ClientKeyChanges();
        if (body.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            return changes;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new Http.GatewayErrorException(Http.GatewayError.BadRequest($"The body is not valid JSON: {ex.Message}", null, "invalid_json"));
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw ManagementResponses.BadParameter("body", "The body must be a JSON object.");
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                changes.Read(property, now);
            }
        }

        return changes;
    }

    /// <summary>The key with these changes applied.</summary>
    public StoredClientKey ApplyTo(StoredClientKey key) => key with
    {
        Label = HasLabel ? Label : key.Label,
        AllowedModels = AllowedModels ?? key.AllowedModels,
        AllowedEndpoints = AllowedEndpoints ?? key.AllowedEndpoints,
        AllowedIpRanges = AllowedIpRanges ?? key.AllowedIpRanges,
        Expires = HasExpires ? Expires : key.Expires,
        RequestsPerMinute = HasRequestsPerMinute ? RequestsPerMinute : key.RequestsPerMinute,
        TokensPerDay = HasTokensPerDay ? TokensPerDay : key.TokensPerDay,
    };

    private void Read(JsonProperty property, DateTimeOffset now)
    {
        var value = property.Value;
        switch (property.Name)
        {
            case "label":
                HasLabel = true;
                Label = value.ValueKind == JsonValueKind.Null ? "" : String(property);
                if (Label.Length > MaxLabelLength)
                {
                    throw ManagementResponses.BadParameter("label", $"'label' may be at most {MaxLabelLength} characters.");
                }

                break;
            case "allowedModels":
                AllowedModels = List(property);
                break;
            case "allowedEndpoints":
                AllowedEndpoints = [.. List(property).Select(e => e.StartsWith('/') ? e : "/" + e)];
                break;
            case "allowedIpRanges":
                AllowedIpRanges = List(property);
                foreach (var range in AllowedIpRanges)
                {
                    if (!IPNetwork.TryParse(range, out _) && !IPAddress.TryParse(range, out _))
                    {
                        throw ManagementResponses.BadParameter("allowedIpRanges", $"'allowedIpRanges' holds '{range}', which is neither an address nor a CIDR range such as 10.0.0.0/8.");
                    }
                }

                break;
            case "expires":
                HasExpires = true;
                Expires = value.ValueKind == JsonValueKind.Null ? null : Time(property);
                if (Expires <= now)
                {
                    throw ManagementResponses.BadParameter("expires", "'expires' must be in the future (or null for no expiry).");
                }

                break;
            case "requestsPerMinute":
                HasRequestsPerMinute = true;
                RequestsPerMinute = value.ValueKind == JsonValueKind.Null ? null
                    : value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var rpm) && rpm > 0 ? rpm
                    : throw ManagementResponses.BadParameter(property.Name, $"'{property.Name}' must be a positive whole number or null.");
                break;
            case "tokensPerDay":
                HasTokensPerDay = true;
                TokensPerDay = value.ValueKind == JsonValueKind.Null ? null
                    : value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var tpd) && tpd > 0 ? tpd
                    : throw ManagementResponses.BadParameter(property.Name, $"'{property.Name}' must be a positive whole number or null.");
                break;
            default:
                throw ManagementResponses.BadParameter(property.Name,
                    $"Unknown field '{property.Name}'; a key has label, allowedModels, allowedEndpoints, allowedIpRanges, expires, requestsPerMinute and tokensPerDay.");
        }
    }

    private static string String(JsonProperty property) =>
        property.Value.ValueKind == JsonValueKind.String
            ? property.Value.GetString()!
            : throw ManagementResponses.BadParameter(property.Name, $"'{property.Name}' must be a string.");

    /// <summary>An array of non-empty strings; null clears the list.</summary>
    private static string[] List(JsonProperty property)
    {
        var value = property.Value;
        if (value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() > MaxListLength
            || value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(e.GetString())))
        {
            throw ManagementResponses.BadParameter(property.Name, $"'{property.Name}' must be an array of at most {MaxListLength} non-empty strings (or null).");
        }

        return [.. value.EnumerateArray().Select(e => e.GetString()!.Trim()).Distinct(StringComparer.Ordinal)];
    }

    private static DateTimeOffset Time(JsonProperty property) =>
        property.Value.ValueKind == JsonValueKind.String
        && DateTimeOffset.TryParse(property.Value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw ManagementResponses.BadParameter(property.Name, $"'{property.Name}' must be an ISO 8601 time such as 2026-12-31T00:00:00Z, or null.");
}
