using LlmGateway.Configuration;
using LlmGateway.Credentials;
using LlmGateway.Json;
using LlmGateway.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace LlmGateway.Management;

/// <summary>
/// <c>GET /v0/management/config</c> (the effective <c>Gateway</c> settings, secrets redacted by
/// <see cref="ConfigRedactor"/>) and <c>GET /v0/management/models</c> (every routable model with its targets).
/// </summary>
internal sealed class ConfigManagementHandler(
    IOptions<GatewayOptions> options,
    ManagementKeySource managementKey,
    ICredentialSource credentials,
    ModelCatalog catalog)
{
    private readonly GatewayOptions _options = options.Value;

    public async Task ConfigAsync(HttpContext context)
    {
        var current = managementKey.Current;
        var vaultSecrets = _options.Providers.Keys.SelectMany(credentials.GetCredentials).Select(c => c.Secret);
        var redacted = ConfigRedactor.Redact(_options, current is not null, vaultSecrets.Append(current));
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.Body.WriteAsync(JsonBytes.From(redacted), context.RequestAborted).ConfigureAwait(false);
    }

    public Task ModelsAsync(HttpContext context) =>
        ManagementResponses.WriteAsync(context, new ManagementList<ManagedModelView>(Models()), JsonDefaults.Context.ManagementListManagedModelView);

    internal IReadOnlyList<ManagedModelView> Models()
    {
        var models = new List<ManagedModelView>();
        foreach (var model in catalog.Models)
        {
            var own = model.Targets.Count;
            var targets = catalog.Resolve(model.Id).Targets;
            var kind = own == 1 && model.Targets[0].Id == model.Id ? "model" : "alias";
            models.Add(new ManagedModelView(model.Id, kind, model.OwnedBy,
                [.. targets.Select((t, i) => new ModelTargetView(t.Id, t.Provider, t.Model, i >= own))]));
        }

        foreach (var (provider, settings) in _options.Providers.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase))
        {
            if (settings.Models.Contains("*", StringComparer.Ordinal))
            {
                var id = provider + "/*";
                models.Add(new ManagedModelView(id, "wildcard", provider, [new ModelTargetView(id, provider, "*", false)]));
            }
        }

        return models;
    }
}
