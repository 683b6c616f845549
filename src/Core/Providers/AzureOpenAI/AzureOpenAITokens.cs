using Azure.Core;
using LlmGateway.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LlmGateway.Providers.AzureOpenAI;

/// <summary>
/// Entra ID tokens for keyless <c>azure-openai</c> upstreams, from the app's one <see cref="TokenCredential"/>
/// (managed identity in Azure, developer sign-ins locally) with the scope <see cref="Scope"/>. One token is cached and
/// shared by every request until five minutes before it expires (or the credential's own refresh time): one caller
/// refreshes it while the others wait, and a token that is still valid is kept when a refresh fails. Tokens are
/// never logged or put in a URL.
/// </summary>
internal sealed partial class AzureOpenAITokens(TokenCredential credential, TimeProvider timeProvider, ILogger<AzureOpenAITokens> logger)
{
    public const string Scope = "https://cognitiveservices.azure.com/.default";

    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    // Never disposed: it has no wait handle, and a refresh running at shutdown must still be able to release it.
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private volatile CachedToken? _current;

    /// <summary>A valid bearer token for <paramref name="provider"/>'s requests; a 502 naming the provider when none can be had.</summary>
    public async ValueTask<string> GetAsync(string provider, CancellationToken cancellationToken)
    {
        if (_current is { } cached && timeProvider.GetUtcNow() < cached.RefreshAt)
        {
            return cached.Token;
        }

        await _refreshing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = timeProvider.GetUtcNow();
            var current = _current;
            if (current is not null && now < current.RefreshAt)
            {
                return current.Token;
            }

            AccessToken token;
            try
            {
                token = await credential.GetTokenAsync(new TokenRequestContext([Scope]), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogTokenFailed(logger, provider, ex);
                if (current is not null && now < current.ExpiresOn)
                {
                    return current.Token;
                }

                throw new GatewayErrorException(new GatewayError(StatusCodes.Status502BadGateway, "upstream_auth_failed",
                    $"The gateway could not get an Entra ID token for upstream '{provider}' ({ex.GetType().Name}). Give the app's identity "
                    + "(Gateway:ManagedIdentityClientId) the 'Cognitive Services OpenAI User' role on the resource, or configure a key."));
            }

            var refreshAt = token.ExpiresOn - RefreshMargin;
            if (refreshAt <= now)
            {
                refreshAt = now + ((token.ExpiresOn - now) / 2);
            }

            if (token.RefreshOn is { } refreshOn && refreshOn < refreshAt)
            {
                refreshAt = refreshOn;
            }

            _current = new CachedToken(token.Token, token.ExpiresOn, refreshAt);
            LogTokenAcquired(logger, provider, token.ExpiresOn);
            return token.Token;
        }
        finally
        {
            _refreshing.Release();
        }
    }

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Entra ID token for Azure OpenAI acquired (first used by upstream {Provider}); expires {ExpiresOn}")]
    private static partial void LogTokenAcquired(ILogger logger, string provider, DateTimeOffset expiresOn);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "Entra ID token for Azure OpenAI upstream {Provider} could not be acquired")]
    private static partial void LogTokenFailed(ILogger logger, string provider, Exception exception);

    private sealed record CachedToken(string Token, DateTimeOffset ExpiresOn, DateTimeOffset RefreshAt);
}
