using LlmGateway.Configuration;
using LlmGateway.Credentials;
using LlmGateway.Execution;
using LlmGateway.State;
using Microsoft.Extensions.Options;

namespace LlmGateway.Tests.Unit.Execution;

/// <summary>Exact distributions of the pool strategies and priority tiers; sessions and retries in the other part.</summary>
public partial class CredentialSelectorStrategyTests
{
    private const string Model = "gpt-4o";

    private readonly ManualTimeProvider _clock = new();
    private readonly InMemoryCredentialStateStore _state = new();

    [Fact]
    public void Select_RoundRobinOverThreeKeys_EachGetsExactlyAThirdOf300AndNeverTwiceInARow()
    {
        var selector = Selector(RoundRobin("a", "b", "c"));

        var picks = Picks(selector, 300);

        Assert.All(picks.CountBy(p => p), count => Assert.Equal(100, count.Value));
        Assert.All(picks.Zip(picks.Skip(1)), pair => Assert.NotEqual(pair.First, pair.Second));
    }

    [Fact]
    public void Select_RoundRobinWithOneCooling_OthersShareItsTrafficEvenly()
    {
        var selector = Selector(RoundRobin("a", "b", "c"));
        Cool("openai:a", TimeSpan.FromMinutes(1));

        var picks = Picks(selector, 100);

        Assert.Equal(50, picks.Count(p => p == "openai:b"));
        Assert.Equal(50, picks.Count(p => p == "openai:c"));
    }

    [Fact]
    public void Select_FillFirst_SticksToTheFirstUntilItCoolsThenTheNextThenBack()
    {
        var selector = Selector(new ProviderOptions { Type = ProviderTypes.OpenAI, Strategy = "fill-first", Keys = ["k0", "k1", "k2"] });

        var first = Picks(selector, 10);
        Cool("openai:0", TimeSpan.FromSeconds(30));
        var whileFirstCools = Picks(selector, 10);
        Cool("openai:1", TimeSpan.FromSeconds(10));
        var whileBothCool = Picks(selector, 10);
        _clock.Advance(TimeSpan.FromSeconds(10));
        var secondBack = Picks(selector, 10);
        _clock.Advance(TimeSpan.FromSeconds(20));
        var firstBack = Picks(selector, 10);

        Assert.All(first, p => Assert.Equal("openai:0", p));
        Assert.All(whileFirstCools, p => Assert.Equal("openai:1", p));
        Assert.All(whileBothCool, p => Assert.Equal("openai:2", p));
        Assert.All(secondBack, p => Assert.Equal("openai:1", p));
        Assert.All(firstBack, p => Assert.Equal("openai:0", p));
    }

    [Fact]
    public void Select_Weighted3To1_Gives75And25OverAHundredAndSpreadsWithinEachCycle()
    {
        var selector = Selector(Weighted(("heavy", 3), ("light", 1)));

        var picks = Picks(selector, 100);

        Assert.Equal(75, picks.Count(p => p == "openai:heavy"));
        Assert.Equal(25, picks.Count(p => p == "openai:light"));
        Assert.All(picks.Chunk(4), cycle => Assert.Single(cycle, p => p == "openai:light"));
    }

    [Fact]
    public void Select_Weighted5To3To2_ExactSharesAndNoKeyServesMoreThanTwiceInARow()
    {
        var selector = Selector(Weighted(("a", 5), ("b", 3), ("c", 2)));

        var picks = Picks(selector, 1000);

        Assert.Equal((500, 300, 200), (picks.Count(p => p == "openai:a"), picks.Count(p => p == "openai:b"), picks.Count(p => p == "openai:c")));
        Assert.DoesNotContain(picks.Zip(picks.Skip(1), picks.Skip(2)), run => run.First == run.Second && run.Second == run.Third);
    }

    [Fact]
    public void Select_WeightedWithTheHeavyKeyCooling_TheLightKeyTakesEverything()
    {
        var selector = Selector(Weighted(("heavy", 3), ("light", 1)));
        Cool("openai:heavy", TimeSpan.FromMinutes(1));

        var picks = Picks(selector, 20);

        Assert.All(picks, p => Assert.Equal("openai:light", p));
    }

    [Fact]
    public void Select_PriorityTiers_LowerTierServesOnlyWhileEveryHigherKeyCools()
    {
        var selector = Selector(Tiered());

        var allHealthy = Picks(selector, 40);
        Cool("openai:p1", TimeSpan.FromSeconds(30));
        var onePrimaryCooling = Picks(selector, 10);
        Cool("openai:p2", TimeSpan.FromSeconds(10));
        var primariesCooling = Picks(selector, 10);
        Cool("openai:s1", TimeSpan.FromSeconds(10));
        var onlyLastTier = Picks(selector, 10);
        _clock.Advance(TimeSpan.FromSeconds(10));
        var p2Back = Picks(selector, 10);

        Assert.Equal(20, allHealthy.Count(p => p == "openai:p1"));
        Assert.Equal(20, allHealthy.Count(p => p == "openai:p2"));
        Assert.All(onePrimaryCooling, p => Assert.Equal("openai:p2", p));
        Assert.All(primariesCooling, p => Assert.Equal("openai:s1", p));
        Assert.All(onlyLastTier, p => Assert.Equal("openai:last", p));
        Assert.All(p2Back, p => Assert.Equal("openai:p2", p));
    }

    [Fact]
    public void Select_EveryTierCooling_NoCredentialAndTheEarliestRetryAtOfAnyTier()
    {
        var selector = Selector(Tiered());
        var now = _clock.GetUtcNow();
        Cool("openai:p1", TimeSpan.FromSeconds(40));
        Cool("openai:p2", TimeSpan.FromSeconds(30));
        Cool("openai:s1", TimeSpan.FromSeconds(50));
        Cool("openai:last", TimeSpan.FromSeconds(20));

        var choice = selector.Select("openai", Model);

        Assert.Null(choice.Credential);
        Assert.Equal(now.AddSeconds(20), choice.RetryAt);
    }

    private static ProviderOptions RoundRobin(params string[] labels) => new()
    {
        Type = ProviderTypes.OpenAI,
        Credentials = labels.Select(l => new CredentialOptions { Key = "sk-" + l, Label = l }).ToList(),
    };

    private static ProviderOptions Weighted(params (string Label, int Weight)[] credentials) => new()
    {
        Type = ProviderTypes.OpenAI,
        Strategy = "weighted",
        Credentials = credentials.Select(c => new CredentialOptions { Key = "sk-" + c.Label, Label = c.Label, Weight = c.Weight }).ToList(),
    };

    /// <summary>Two primaries (tier 0), a secondary (tier 1) and a last resort (tier 5).</summary>
    private static ProviderOptions Tiered() => new()
    {
        Type = ProviderTypes.OpenAI,
        Credentials =
        [
            new CredentialOptions { Key = "sk-p1", Label = "p1" },
            new CredentialOptions { Key = "sk-p2", Label = "p2" },
            new CredentialOptions { Key = "sk-s1", Label = "s1", Priority = 1 },
            new CredentialOptions { Key = "sk-last", Label = "last", Priority = 5 },
        ],
    };

    private CredentialSelector Selector(ProviderOptions provider)
    {
        provider.Models = [Model, "gpt-4o-mini"];
        var options = Options.Create(new GatewayOptions { Providers = new(StringComparer.OrdinalIgnoreCase) { ["openai"] = provider } });
        return new CredentialSelector(new ConfigurationCredentialSource(options), _state, new SessionAffinity(options, _clock), options, _clock);
    }

    private void Cool(string credentialId, TimeSpan delay) =>
        _state.SetCooldown(new Cooldown(credentialId, Model, _clock.GetUtcNow() + delay, "test", 429, 1));

    private static List<string> Picks(CredentialSelector selector, int count) =>
        Enumerable.Range(0, count).Select(_ => selector.Select("openai", Model).Credential!.Id).ToList();
}
