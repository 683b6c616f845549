using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Core.Pipeline;
using LlmGateway.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LlmGateway.Storage.Tables;

/// <summary>
/// Makes the <see cref="ITableStore"/> that <see cref="StorageOptions"/> describe: a shared key from
/// <see cref="StorageOptions.ConnectionString"/>, or <paramref name="credential"/> (managed identity) for
/// <see cref="StorageOptions.TableServiceUri"/>. The pipeline comes from
/// <see cref="HttpPipelineBuilder.Build(ClientOptions, HttpPipelinePolicy[], HttpPipelinePolicy[], ResponseClassifier)"/>,
/// so retries and timeouts are those of <see cref="TableStoreClientOptions"/>. Bad settings throw at once, naming
/// the setting and never its secret.
/// </summary>
internal static partial class TableStoreFactory
{
    public static ITableStore Create(
        StorageOptions options,
        TokenCredential? credential,
        TableStoreClientOptions? clientOptions = null,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var prefix = options.TablePrefix ?? string.Empty;
        if (!PrefixPattern().IsMatch(prefix))
        {
            throw new ArgumentException("Gateway:Storage:TablePrefix must be up to 50 letters and digits, starting with a letter.", nameof(options));
        }

        var hasConnectionString = !string.IsNullOrWhiteSpace(options.ConnectionString);
        var hasServiceUri = !string.IsNullOrWhiteSpace(options.TableServiceUri);
        if (hasConnectionString && hasServiceUri)
        {
            throw new ArgumentException("Set only one of Gateway:Storage:ConnectionString and Gateway:Storage:TableServiceUri.", nameof(options));
        }

        clientOptions ??= new TableStoreClientOptions();
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<TableClient>();
        if (hasConnectionString)
        {
            TableConnectionString parsed;
            try
            {
                parsed = TableConnectionString.Parse(options.ConnectionString!);
            }
            catch (FormatException ex)
            {
                throw new ArgumentException("Gateway:Storage:ConnectionString: " + ex.Message, nameof(options));
            }

            var policy = new TableSharedKeyPolicy(parsed.Credential, timeProvider ?? TimeProvider.System);
            return new TableStore(BuildPipeline(clientOptions, policy), parsed.TableEndpoint, prefix, logger);
        }

        if (hasServiceUri)
        {
            if (!Uri.TryCreate(options.TableServiceUri, UriKind.Absolute, out var endpoint) || endpoint.Scheme != Uri.UriSchemeHttps || !string.IsNullOrEmpty(endpoint.Query))
            {
                throw new ArgumentException("Gateway:Storage:TableServiceUri must be an absolute https URL such as https://account.table.core.windows.net.", nameof(options));
            }

            if (credential is null)
            {
                throw new ArgumentException("Gateway:Storage:TableServiceUri needs a TokenCredential (the app's managed identity).", nameof(credential));
            }

            var policy = new BearerTokenAuthenticationPolicy(credential, TableConstants.StorageScope);
            return new TableStore(BuildPipeline(clientOptions, policy), endpoint, prefix, logger);
        }

        throw new ArgumentException("No table storage is configured: set Gateway:Storage:ConnectionString or Gateway:Storage:TableServiceUri.", nameof(options));
    }

    /// <summary>The pipeline: Azure.Core's per-call and retry policies, then <paramref name="authentication"/> on every attempt.</summary>
    private static HttpPipeline BuildPipeline(ClientOptions clientOptions, HttpPipelinePolicy authentication) =>
        HttpPipelineBuilder.Build(clientOptions, perCallPolicies: [], perRetryPolicies: [authentication], new ResponseClassifier());

    [GeneratedRegex("^([A-Za-z][A-Za-z0-9]{0,49})?$", RegexOptions.CultureInvariant)]
    private static partial Regex PrefixPattern();
}
