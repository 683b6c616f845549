using System.Collections.Frozen;
using LlmGateway.Configuration;
using Microsoft.Extensions.Options;

namespace LlmGateway.Routing;

/// <summary>
/// Resolves the model a client asks for. Order: an alias; <c>provider/model</c> for a configured provider that
/// lists the model (or <c>*</c>); a bare model name listed by exactly one provider. Several providers listing the
/// same bare name make it ambiguous, and the answer lists the candidates.
/// </summary>
internal sealed class ModelCatalog
{
    private const string AnyModel = "*";
    private readonly FrozenDictionary<string, ModelTarget[]> _aliases;
    private readonly FrozenDictionary<string, ProviderOptions> _providers;
    private readonly FrozenDictionary<string, string> _providerNames;
    private readonly FrozenDictionary<string, ModelTarget[]> _bareNames;
    private readonly FrozenDictionary<string, ModelTarget[]> _fallbacks;

    public ModelCatalog(IOptions<GatewayOptions> options)
    {
        var gateway = options.Value;
        _providers = gateway.Providers.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        _providerNames = gateway.Providers.Keys.ToFrozenDictionary(k => k, k => k, StringComparer.OrdinalIgnoreCase);
        _fallbacks = gateway.Fallbacks.ToFrozenDictionary(
            f => f.Key,
            f => f.Value.Select(t => ParseTarget(t, _providerNames)).ToArray(),
            StringComparer.Ordinal);
        _aliases = gateway.Aliases.ToFrozenDictionary(
            a => a.Key,
            a => a.Value.Select(t => ParseTarget(t, _providerNames)).ToArray(),
            StringComparer.Ordinal);

        var bare = new Dictionary<string, List<ModelTarget>>(StringComparer.Ordinal);
        var models = new List<CatalogModel>();
        foreach (var (providerName, provider) in gateway.Providers.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase))
        {
            foreach (var model in provider.Models.Where(m => m != AnyModel).Distinct(StringComparer.Ordinal))
            {
                var target = new ModelTarget(providerName, model);
                models.Add(new CatalogModel(target.Id, providerName, [target]));
                if (!bare.TryGetValue(model, out var list))
                {
                    bare[model] = list = [];
                }

                list.Add(target);
            }
        }

        models.AddRange(_aliases.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => new CatalogModel(a.Key, "gateway", a.Value)));
        _bareNames = bare.ToFrozenDictionary(b => b.Key, b => b.Value.ToArray(), StringComparer.Ordinal);
        Models = models;
    }

    /// <summary>Every routable id: canonical ids (providers by name, models as configured), then aliases by name.</summary>
    public IReadOnlyList<CatalogModel> Models { get; }

    /// <summary>
    /// The targets for a model name, in the order they are tried: the name's own (an alias's list, or one model),
    /// then its fallback chain (<c>Gateway:Fallbacks</c>, by the name asked for, else by the canonical id).
    /// </summary>
    public ModelResolution Resolve(string requested)
    {
        var resolution = ResolveOwn(requested);
        if (resolution.Status != ModelResolutionStatus.Found || _fallbacks.Count == 0)
        {
            return resolution;
        }

        if (!_fallbacks.TryGetValue(requested, out var chain) && (resolution.Id is null || !_fallbacks.TryGetValue(resolution.Id, out chain)))
        {
            return resolution;
        }

        return resolution with { Targets = resolution.Targets.Concat(chain).Distinct().ToArray() };
    }

    private ModelResolution ResolveOwn(string requested)
    {
        if (string.IsNullOrEmpty(requested))
        {
            return ModelResolution.NotFound(requested);
        }

        if (_aliases.TryGetValue(requested, out var aliasTargets))
        {
            return new ModelResolution(ModelResolutionStatus.Found, requested, requested, aliasTargets, []);
        }

        var slash = requested.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && slash < requested.Length - 1
            && _providers.TryGetValue(requested[..slash], out var provider))
        {
            var model = requested[(slash + 1)..];
            if (provider.Models.Contains(model, StringComparer.Ordinal) || provider.Models.Contains(AnyModel, StringComparer.Ordinal))
            {
                var target = new ModelTarget(_providerNames[requested[..slash]], model);
                return new ModelResolution(ModelResolutionStatus.Found, requested, target.Id, [target], []);
            }
        }

        if (_bareNames.TryGetValue(requested, out var targets))
        {
            return targets.Length == 1
                ? new ModelResolution(ModelResolutionStatus.Found, requested, targets[0].Id, targets, [])
                : new ModelResolution(ModelResolutionStatus.Ambiguous, requested, null, [], targets.Select(t => t.Id).ToArray());
        }

        return ModelResolution.NotFound(requested);
    }

    private static ModelTarget ParseTarget(string target, FrozenDictionary<string, string> providerNames)
    {
        var slash = target.IndexOf('/', StringComparison.Ordinal);
        return new ModelTarget(providerNames[target[..slash]], target[(slash + 1)..]);
    }
}
