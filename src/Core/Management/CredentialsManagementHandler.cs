using LlmGateway.Configuration;
using LlmGateway.Credentials;
using LlmGateway.Json;
using LlmGateway.State;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LlmGateway.Management;

/// <summary>
/// <c>GET /v0/management/credentials</c> and <c>POST credentials/{id}/reset</c>: every upstream credential of every
/// configured provider (configuration and Key Vault) by id, with its shared cooldowns and this instance's counts.
/// Ids that have cooldowns or counts but are no longer in the source (a vault key disabled or deleted) are listed
/// with <c>enabled: false</c>. Secrets are never read here beyond the credential objects' ids and settings.
/// </summary>
internal sealed partial class CredentialsManagementHandler(
    IOptions<GatewayOptions> options,
    ICredentialSource source,
    ICredentialStateStore state,
    CredentialStats stats,
    TimeProvider timeProvider,
    ILogger<CredentialsManagementHandler> logger)
{
    private readonly GatewayOptions _options = options.Value;

    public Task ListAsync(HttpContext context) =>
        ManagementResponses.WriteAsync(context, new ManagementList<CredentialView>(List()), JsonDefaults.Context.ManagementListCredentialView);

    /// <summary>
    /// Clears every cooldown of the credential (on every instance, through the shared state) and answers its new
    /// view. A credential no longer in the source is then forgotten, unless this instance has counts for it.
    /// </summary>
    public Task ResetAsync(HttpContext context, string id)
    {
        var before = List().FirstOrDefault(c => c.Id == id)
            ?? throw ManagementResponses.NotFound("credential_not_found", $"There is no credential '{id}'; GET /v0/management/credentials lists them.");
        state.Reset(id);
        LogReset(logger, id);
        var after = List().FirstOrDefault(c => c.Id == id) ?? before with { State = "healthy", Until = null, Models = [] };
        return ManagementResponses.WriteAsync(context, after, JsonDefaults.Context.CredentialView);
    }

    internal IReadOnlyList<CredentialView> List()
    {
        var now = timeProvider.GetUtcNow();
        var cooldowns = state.Snapshot().ToLookup(c => c.CredentialId, StringComparer.Ordinal);
        var views = new List<CredentialView>();
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var provider in _options.Providers.Keys.Order(StringComparer.OrdinalIgnoreCase))
        {
            foreach (var credential in source.GetCredentials(provider))
            {
                if (listed.Add(credential.Id))
                {
                    views.Add(View(credential.Id, credential.Provider, true, credential.Priority, credential.Weight, credential.ExcludedModels, cooldowns[credential.Id], now));
                }
            }
        }

        foreach (var id in cooldowns.Select(g => g.Key).Concat(stats.Known).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (listed.Add(id))
            {
                var colon = id.IndexOf(':', StringComparison.Ordinal);
                views.Add(View(id, colon > 0 ? id[..colon] : "", false, 0, 1, [], cooldowns[id], now));
            }
        }

        return views;
    }

    private CredentialView View(
        string id, string provider, bool enabled, int priority, int weight, IEnumerable<string> excluded, IEnumerable<Cooldown> cooldowns, DateTimeOffset now)
    {
        var models = cooldowns
            .OrderBy(c => c.Model == Cooldown.AllModels ? 0 : 1)
            .ThenBy(c => c.Model, StringComparer.Ordinal)
            .Select(c => Model(c, now))
            .Concat(excluded.Order(StringComparer.Ordinal).Select(m => new CredentialModelView(m, "out", null, "excluded by configuration", null, null)))
            .ToList();
        var whole = models.FirstOrDefault(m => m.Model == Cooldown.AllModels);
        var figures = stats.Get(id);
        return new CredentialView(
            id,
            provider,
            enabled,
            priority,
            weight,
            whole?.State ?? "healthy",
            whole?.Until is { } until && until > now ? until : null,
            models,
            figures.LastError is { } error ? new CredentialErrorView(error.Class, error.Status, error.Time) : null,
            figures.Successes,
            figures.Failures);
    }

    /// <summary>Cooling for rate limits, server errors and timeouts; out for a rejected key or a missing model; healthy once over.</summary>
    private static CredentialModelView Model(Cooldown cooldown, DateTimeOffset now)
    {
        var state = cooldown.Until <= now ? "healthy"
            : cooldown.Status is StatusCodes.Status401Unauthorized or StatusCodes.Status402PaymentRequired or StatusCodes.Status403Forbidden or StatusCodes.Status404NotFound ? "out"
            : "cooling";
        return new CredentialModelView(cooldown.Model, state, cooldown.Until, cooldown.Reason, cooldown.Status, cooldown.Strikes);
    }

    [LoggerMessage(EventId = 5030, Level = LogLevel.Information, Message = "Cooldowns of credential {CredentialId} reset through the management API")]
    private static partial void LogReset(ILogger logger, string credentialId);
}
