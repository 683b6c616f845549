namespace LlmGateway.Configuration;

/// <summary>The settings only <c>azure-openai</c> (and the mock's embeddings) use.</summary>
internal sealed partial class GatewayOptionsValidator
{
    private static void ValidateAzureOpenAI(string path, ProviderOptions provider, List<string> errors)
    {
        var azure = string.Equals(provider.Type, ProviderTypes.AzureOpenAI, StringComparison.OrdinalIgnoreCase);
        if (azure && (!Uri.TryCreate(provider.BaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            errors.Add($"{path}:BaseUrl must be the resource endpoint as an absolute http(s) URL, such as https://my-resource.openai.azure.com.");
        }

        if (provider.ApiVersion is { } version && (!azure || version.Length == 0 || !version.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.')))
        {
            errors.Add(azure
                ? $"{path}:ApiVersion '{version}' must be v1 or an api-version such as 2024-10-21 (letters, digits, '-' and '.')."
                : $"{path}:ApiVersion is an azure-openai setting; remove it from this {provider.Type} provider.");
        }

        if (provider.Deployments.Count > 0 && !azure)
        {
            errors.Add($"{path}:Deployments is an azure-openai setting; remove it from this {provider.Type} provider.");
        }

        foreach (var (model, deployment) in provider.Deployments)
        {
            if (string.IsNullOrWhiteSpace(deployment))
            {
                errors.Add($"{path}:Deployments:{model} is empty: give the deployment name that serves '{model}'.");
            }
        }

        if (provider.EmbeddingDimensions is < 1 or > 65536)
        {
            errors.Add($"{path}:EmbeddingDimensions must be between 1 and 65536.");
        }
    }
}
