namespace LlmGateway.Storage.Tables;

/// <summary>
/// A storage account connection string, reduced to what the Table client needs: the table endpoint and the shared
/// key. Reads <c>DefaultEndpointsProtocol</c>, <c>AccountName</c>, <c>AccountKey</c>, <c>TableEndpoint</c>,
/// <c>EndpointSuffix</c> and <c>UseDevelopmentStorage=true</c> (Azurite's well-known account on
/// <c>http://127.0.0.1:10002/devstoreaccount1</c>). Error messages name the setting, never a value.
/// </summary>
internal sealed class TableConnectionString
{
    /// <summary>Azurite's and the storage emulator's account, documented publicly; not a secret.</summary>
    public const string DevelopmentAccountName = "devstoreaccount1";

    /// <summary>Azurite's and the storage emulator's account key, documented publicly; not a secret.</summary>
    public const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public static readonly Uri DevelopmentTableEndpoint = new("http://127.0.0.1:10002/devstoreaccount1");

    private static readonly HashSet<string> KnownSettings = new(StringComparer.OrdinalIgnoreCase)
    {
        "DefaultEndpointsProtocol", "AccountName", "AccountKey", "TableEndpoint", "EndpointSuffix", "UseDevelopmentStorage",
        "DevelopmentStorageProxyUri", "SharedAccessSignature", "BlobEndpoint", "QueueEndpoint", "FileEndpoint",
    };

    private TableConnectionString(Uri tableEndpoint, TableSharedKeyCredential credential)
    {
        TableEndpoint = tableEndpoint;
        Credential = credential;
    }

    /// <summary>The table service endpoint, e.g. <c>https://acct.table.core.windows.net</c> or Azurite's path-style URL.</summary>
    public Uri TableEndpoint { get; }

    public TableSharedKeyCredential Credential { get; }

    public string AccountName => Credential.AccountName;

    /// <summary>Parses a connection string; throws <see cref="FormatException"/> naming what is missing or wrong.</summary>
    public static TableConnectionString Parse(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var segments = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = 0; i < segments.Length; i++)
        {
            var equals = segments[i].IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException($"The storage connection string's segment {i + 1} is not Name=Value.");
            }

            var name = segments[i][..equals].Trim();
            if (!settings.TryAdd(name, segments[i][(equals + 1)..].Trim()))
            {
                // Name only the settings this class knows: a mangled string can put a key where a name belongs.
                var known = KnownSettings.Contains(name) ? name : $"segment {i + 1}'s name";
                throw new FormatException($"The storage connection string sets {known} more than once.");
            }
        }

        if (settings.TryGetValue("UseDevelopmentStorage", out var development))
        {
            if (!bool.TryParse(development, out var useDevelopment) || !useDevelopment)
            {
                throw new FormatException("The storage connection string's UseDevelopmentStorage must be 'true' when present.");
            }

            if (settings.ContainsKey("DevelopmentStorageProxyUri"))
            {
                throw new FormatException("The storage connection string's DevelopmentStorageProxyUri is not supported; give TableEndpoint, AccountName and AccountKey instead.");
            }

            return new TableConnectionString(DevelopmentTableEndpoint, new TableSharedKeyCredential(DevelopmentAccountName, DevelopmentAccountKey));
        }

        if (settings.ContainsKey("SharedAccessSignature"))
        {
            throw new FormatException("The storage connection string uses SharedAccessSignature, which the table client does not support; use AccountKey or a managed identity.");
        }

        var account = Required(settings, "AccountName");
        var key = Required(settings, "AccountKey");
        var credential = new TableSharedKeyCredential(account, key);

        Uri endpoint;
        if (settings.TryGetValue("TableEndpoint", out var explicitEndpoint))
        {
            endpoint = AbsoluteHttpUri(explicitEndpoint, "TableEndpoint");
        }
        else
        {
            var protocol = settings.GetValueOrDefault("DefaultEndpointsProtocol", "https").ToLowerInvariant();
            if (protocol is not ("https" or "http"))
            {
                throw new FormatException("The storage connection string's DefaultEndpointsProtocol must be https or http.");
            }

            var suffix = settings.GetValueOrDefault("EndpointSuffix", "core.windows.net").Trim('.');
            endpoint = AbsoluteHttpUri($"{protocol}://{account}.table.{suffix}", "EndpointSuffix");
        }

        return new TableConnectionString(endpoint, credential);
    }

    public override string ToString() => $"TableEndpoint={TableEndpoint};AccountName={AccountName};AccountKey=***";

    private static string Required(Dictionary<string, string> settings, string name) =>
        settings.TryGetValue(name, out var value) && value.Length > 0
            ? value
            : throw new FormatException($"The storage connection string has no {name}.");

    private static Uri AbsoluteHttpUri(string value, string setting) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && string.IsNullOrEmpty(uri.Query)
            ? uri
            : throw new FormatException($"The storage connection string's {setting} does not give an absolute http(s) URL.");
}
