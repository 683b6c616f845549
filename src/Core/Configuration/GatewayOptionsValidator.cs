using LlmGateway.Credentials;
using Microsoft.Extensions.Options;

namespace LlmGateway.Configuration;

/// <summary>Checks the <c>Gateway</c> section at start-up; each message names the setting at fault.</summary>
internal sealed partial class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var errors = new List<string>();
        ValidateClientKeys(options, errors);
        ValidateProviders(options, errors);
        ValidateTargets("Gateway:Aliases", options.Aliases, options, errors);
        ValidateTargets("Gateway:Fallbacks", options.Fallbacks, options, errors);
        ValidateEngine(options, errors);
        if (options.MaxRequestBodyBytes <= 0)
        {
            errors.Add("Gateway:MaxRequestBodyBytes must be a positive number of bytes.");
        }

        if (!(options.KeepAliveSeconds > 0))
        {
            errors.Add("Gateway:KeepAliveSeconds must be greater than 0.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateClientKeys(GatewayOptions options, List<string> errors)
    {
        // With storage, keys can also be created at run time (management API), and with Key Vault read from
        // client-key--{name} secrets; until one exists every call gets 401. (Gateway:KeyVaultUri reaches
        // KeyVault:VaultUri only in a PostConfigure, so both are checked.)
        var keyVault = options.KeyVault.IsConfigured || !string.IsNullOrWhiteSpace(options.KeyVaultUri);
        if (options.ClientKeys.Count == 0 && !options.AllowAnonymous && !options.Storage.IsConfigured && !keyVault)
        {
            errors.Add("Gateway:ClientKeys is empty and Gateway:AllowAnonymous is false, so no client could call the gateway. "
                + "Add a key (Gateway:ClientKeys:0:Name and Gateway:ClientKeys:0:Key), configure Gateway:Storage to create keys "
                + "through the management API, configure Gateway:KeyVaultUri to read client-key--{name} secrets, "
                + "or set Gateway:AllowAnonymous=true.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.ClientKeys.Count; i++)
        {
            var key = options.ClientKeys[i];
            if (string.IsNullOrWhiteSpace(key.Name))
            {
                errors.Add($"Gateway:ClientKeys:{i}:Name is required.");
            }
            else if (!names.Add(key.Name))
            {
                errors.Add($"Gateway:ClientKeys:{i}:Name '{key.Name}' is used by more than one client key.");
            }

            if (string.IsNullOrWhiteSpace(key.Key))
            {
                errors.Add($"Gateway:ClientKeys:{i}:Key is required.");
            }
            else if (key.Key.Length < 8)
            {
                errors.Add($"Gateway:ClientKeys:{i}:Key is too short: use at least 8 characters.");
            }
            else if (!keys.Add(key.Key))
            {
                errors.Add($"Gateway:ClientKeys:{i}:Key repeats another client key.");
            }
        }
    }

    private static void ValidateProviders(GatewayOptions options, List<string> errors)
    {
        if (options.Providers.Count == 0)
        {
            errors.Add("Gateway:Providers is empty: configure at least one upstream (for a try-out: Gateway:Providers:mock:Type=mock, Gateway:Providers:mock:Models:0=echo).");
        }

        foreach (var (name, provider) in options.Providers)
        {
            var path = $"Gateway:Providers:{name}";
            if (name.Contains('/', StringComparison.Ordinal) || string.IsNullOrWhiteSpace(name))
            {
                errors.Add($"{path}: a provider name must be non-empty and must not contain '/'.");
            }

            if (provider is null)
            {
                errors.Add($"{path} is empty.");
                continue;
            }

            if (!ProviderTypes.All.Contains(provider.Type, StringComparer.OrdinalIgnoreCase))
            {
                errors.Add($"{path}:Type '{provider.Type}' is not supported; use one of: {string.Join(", ", ProviderTypes.All)}.");
            }

            if (string.Equals(provider.Type, ProviderTypes.OpenAI, StringComparison.OrdinalIgnoreCase)
                && (!Uri.TryCreate(provider.BaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
            {
                errors.Add($"{path}:BaseUrl must be an absolute http(s) URL such as https://api.openai.com/v1.");
            }

            if ((string.Equals(provider.Type, ProviderTypes.Anthropic, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(provider.Type, ProviderTypes.Gemini, StringComparison.OrdinalIgnoreCase))
                && provider.BaseUrl is not null
                && (!Uri.TryCreate(provider.BaseUrl, UriKind.Absolute, out var anthropicUri) || (anthropicUri.Scheme != Uri.UriSchemeHttp && anthropicUri.Scheme != Uri.UriSchemeHttps)))
            {
                errors.Add($"{path}:BaseUrl must be an absolute http(s) URL (for example https://api.anthropic.com/v1 or https://generativelanguage.googleapis.com/v1beta).");
            }

            ValidateAzureOpenAI(path, provider, errors);
            if (string.Equals(provider.Type, ProviderTypes.OpenAIResponses, StringComparison.OrdinalIgnoreCase)
                && provider.BaseUrl is not null
                && (!Uri.TryCreate(provider.BaseUrl, UriKind.Absolute, out var responsesUri) || (responsesUri.Scheme != Uri.UriSchemeHttp && responsesUri.Scheme != Uri.UriSchemeHttps)))
            {
                errors.Add($"{path}:BaseUrl must be an absolute http(s) URL such as https://api.openai.com/v1 (the default for openai-responses).");
            }

            if (provider.MaxTokensParameter is not null and not "max_tokens" and not "max_completion_tokens")
            {
                errors.Add($"{path}:MaxTokensParameter must be max_tokens or max_completion_tokens.");
            }

            if (provider.DefaultMaxTokens <= 0)
            {
                errors.Add($"{path}:DefaultMaxTokens must be greater than 0.");
            }

            if (provider.MaxOutputTokens is <= 0)
            {
                errors.Add($"{path}:MaxOutputTokens must be greater than 0 when set.");
            }

            if (provider.Models.Count == 0)
            {
                errors.Add($"{path}:Models is empty: list the models it serves, or '*' to accept any model addressed as {name}/<model>.");
            }

            for (var i = 0; i < provider.Models.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(provider.Models[i]))
                {
                    errors.Add($"{path}:Models:{i} is empty.");
                }
            }

            for (var i = 0; i < provider.Keys.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(provider.Keys[i]))
                {
                    errors.Add($"{path}:Keys:{i} is empty.");
                }
            }

            if (provider.Strategy?.ToLowerInvariant() is not ("round-robin" or "fill-first" or "weighted"))
            {
                errors.Add($"{path}:Strategy '{provider.Strategy}' is not supported; use round-robin, fill-first or weighted.");
            }

            var labels = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < provider.Credentials.Count; i++)
            {
                var credential = provider.Credentials[i];
                if (credential is null || string.IsNullOrWhiteSpace(credential.Key))
                {
                    errors.Add($"{path}:Credentials:{i}:Key is required.");
                    continue;
                }

                if (credential.Weight < 1)
                {
                    errors.Add($"{path}:Credentials:{i}:Weight must be at least 1.");
                }

                if (!string.IsNullOrWhiteSpace(credential.BaseUrl) && UpstreamCredential.ParseBaseUri(credential.BaseUrl) is null)
                {
                    errors.Add($"{path}:Credentials:{i}:BaseUrl must be an absolute http(s) URL (or empty for the provider's BaseUrl).");
                }

                if (credential.Label is { } label && (label.Length == 0 || label.Contains(':', StringComparison.Ordinal) || !labels.Add(label)))
                {
                    errors.Add($"{path}:Credentials:{i}:Label '{label}' must be non-empty, without ':', and unique within the provider.");
                }
            }

            CheckPositive(provider.TotalTimeoutSeconds, $"{path}:TotalTimeoutSeconds", errors);
            CheckPositive(provider.ConnectTimeoutSeconds, $"{path}:ConnectTimeoutSeconds", errors);
            CheckPositive(provider.FirstByteTimeoutSeconds, $"{path}:FirstByteTimeoutSeconds", errors);
            CheckPositive(provider.IdleTimeoutSeconds, $"{path}:IdleTimeoutSeconds", errors);
        }
    }

    private static void ValidateEngine(GatewayOptions options, List<string> errors)
    {
        if (options.Retry.MaxAttempts < 1)
        {
            errors.Add("Gateway:Retry:MaxAttempts must be at least 1.");
        }

        if (!(options.Retry.MaxWaitSeconds >= 0))
        {
            errors.Add("Gateway:Retry:MaxWaitSeconds must be 0 or more.");
        }

        CheckPositive(options.Health.RateLimitInitialSeconds, "Gateway:Health:RateLimitInitialSeconds", errors);
        CheckPositive(options.Health.RateLimitMaxSeconds, "Gateway:Health:RateLimitMaxSeconds", errors);
        CheckPositive(options.Health.AuthFailureSeconds, "Gateway:Health:AuthFailureSeconds", errors);
        CheckPositive(options.Health.ModelNotFoundSeconds, "Gateway:Health:ModelNotFoundSeconds", errors);
        CheckPositive(options.Health.ServerErrorSeconds, "Gateway:Health:ServerErrorSeconds", errors);
        CheckPositive(options.Affinity.TtlMinutes, "Gateway:Affinity:TtlMinutes", errors);
        CheckPositive(options.Storage.RefreshSeconds, "Gateway:Storage:RefreshSeconds", errors);
        CheckPositive(options.Storage.UsageFlushSeconds, "Gateway:Storage:UsageFlushSeconds", errors);
        CheckPositive(options.Storage.ClientKeyRefreshSeconds, "Gateway:Storage:ClientKeyRefreshSeconds", errors);
        if (!string.IsNullOrWhiteSpace(options.Storage.ConnectionString) && !string.IsNullOrWhiteSpace(options.Storage.TableServiceUri))
        {
            errors.Add("Gateway:Storage: set only one of ConnectionString and TableServiceUri.");
        }

        if (!string.IsNullOrWhiteSpace(options.Storage.TableServiceUri)
            && (!Uri.TryCreate(options.Storage.TableServiceUri, UriKind.Absolute, out var tables) || tables.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add("Gateway:Storage:TableServiceUri must be an absolute https URL such as https://account.table.core.windows.net.");
        }

        if (options.ManagementKey is { } managementKey && managementKey.Length is > 0 and < 16)
        {
            errors.Add("Gateway:ManagementKey is too short: use at least 16 characters.");
        }
        if (!(options.NonStreamKeepAliveSeconds >= 0))
        {
            errors.Add("Gateway:NonStreamKeepAliveSeconds must be 0 (off) or more.");
        }
    }

    private static void ValidateTargets(string section, Dictionary<string, List<string>> map, GatewayOptions options, List<string> errors)
    {
        foreach (var (alias, targets) in map)
        {
            var path = $"{section}:{alias}";
            if (targets is null || targets.Count == 0)
            {
                errors.Add($"{path} has no targets: list one or more provider/model ids.");
                continue;
            }

            for (var i = 0; i < targets.Count; i++)
            {
                var target = targets[i] ?? "";
                var slash = target.IndexOf('/', StringComparison.Ordinal);
                if (slash <= 0 || slash == target.Length - 1)
                {
                    errors.Add($"{path}:{i} '{target}' must be written provider/model.");
                    continue;
                }

                var providerName = target[..slash];
                var model = target[(slash + 1)..];
                if (!options.Providers.TryGetValue(providerName, out var provider) || provider is null)
                {
                    errors.Add($"{path}:{i} '{target}' names provider '{providerName}', which is not configured under Gateway:Providers.");
                }
                else if (!provider.Models.Contains(model, StringComparer.Ordinal) && !provider.Models.Contains("*", StringComparer.Ordinal))
                {
                    errors.Add($"{path}:{i} '{target}': model '{model}' is not in Gateway:Providers:{providerName}:Models.");
                }
            }
        }
    }

    private static void CheckPositive(double value, string path, List<string> errors)
    {
        if (!(value > 0))
        {
            errors.Add($"{path} must be greater than 0.");
        }
    }
}
