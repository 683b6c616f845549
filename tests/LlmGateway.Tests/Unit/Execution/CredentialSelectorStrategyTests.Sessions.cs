using LlmGateway.Configuration;

namespace LlmGateway.Tests.Unit.Execution;

/// <summary>Session affinity, the keys a request already tried, and when every key is cooling.</summary>
public partial class CredentialSelectorStrategyTests
{
    [Fact]
    public void Select_SameSession_SameKeyWhileOtherRequestsRotate()
    {
        var selector = Selector(RoundRobin("a", "b", "c"));

        var session = new List<string>();
        var others = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            session.Add(selector.Select("openai", Model, "client\nalpha").Credential!.Id);
            others.Add(selector.Select("openai", Model).Credential!.Id);
        }

        Assert.Single(session.Distinct());
        Assert.Equal(3, others.Distinct().Count());
    }

    [Fact]
    public void Select_NewSessions_BindToDifferentKeys()
    {
        var selector = Selector(RoundRobin("a", "b", "c"));

        var bound = Enumerable.Range(0, 3).Select(i => selector.Select("openai", Model, "client\ns" + i).Credential!.Id).ToList();
        var again = Enumerable.Range(0, 3).Select(i => selector.Select("openai", Model, "client\ns" + i).Credential!.Id).ToList();

        Assert.Equal(3, bound.Distinct().Count());
        Assert.Equal(bound, again);
    }

    [Fact]
    public void Select_BoundKeyCools_FailsOverRebindsAndStaysAfterTheCooldown()
    {
        var selector = Selector(RoundRobin("a", "b", "c"));
        var bound = selector.Select("openai", Model, "client\nalpha").Credential!.Id;

        Cool(bound, TimeSpan.FromSeconds(30));
        var failover = selector.Select("openai", Model, "client\nalpha").Credential!.Id;
        _clock.Advance(TimeSpan.FromSeconds(30));
        var after = Enumerable.Range(0, 5).Select(_ => selector.Select("openai", Model, "client\nalpha").Credential!.Id).ToList();

        Assert.NotEqual(bound, failover);
        Assert.All(after, id => Assert.Equal(failover, id));
    }

    [Fact]
    public void Select_SessionBoundToLowerTierWhilePrimaryCooled_ReturnsToThePrimaryTierOnceItIsBack()
    {
        var selector = Selector(Tiered());
        Cool("openai:p1", TimeSpan.FromSeconds(30));
        Cool("openai:p2", TimeSpan.FromSeconds(30));
        var duringCooldown = selector.Select("openai", Model, "client\nalpha").Credential!.Id;

        _clock.Advance(TimeSpan.FromSeconds(30));
        var after = selector.Select("openai", Model, "client\nalpha").Credential!.Id;
        var stays = selector.Select("openai", Model, "client\nalpha").Credential!.Id;

        Assert.Equal("openai:s1", duringCooldown);
        Assert.StartsWith("openai:p", after, StringComparison.Ordinal);
        Assert.Equal(after, stays);
    }

    [Fact]
    public void Select_SessionExpiredAfterTtl_BindsAfresh()
    {
        var selector = Selector(RoundRobin("a", "b", "c"));
        var bound = selector.Select("openai", Model, "client\nalpha").Credential!.Id;
        _clock.Advance(TimeSpan.FromMinutes(61));

        var picks = Enumerable.Range(0, 3).Select(_ => selector.Select("openai", Model).Credential!.Id).ToList();
        var rebound = selector.Select("openai", Model, "client\nalpha").Credential!.Id;

        Assert.Equal(3, picks.Distinct().Count());
        Assert.NotEqual(bound, rebound);
    }

    [Fact]
    public void Select_ExcludedModel_KeyNeverChosenForItButStillForOthers()
    {
        var selector = Selector(new ProviderOptions
        {
            Type = ProviderTypes.OpenAI,
            Credentials =
            [
                new CredentialOptions { Key = "k0", Label = "a" },
                new CredentialOptions { Key = "k1", Label = "b", ExcludedModels = [Model] },
            ],
        });

        var forModel = Picks(selector, 10);
        var forOther = Enumerable.Range(0, 10).Select(_ => selector.Select("openai", "gpt-4o-mini").Credential!.Id).ToList();

        Assert.All(forModel, p => Assert.Equal("openai:a", p));
        Assert.Contains("openai:b", forOther);
    }

    [Fact]
    public void Select_TriedKeys_SkippedEvenWhenHealthy()
    {
        var selector = Selector(RoundRobin("a", "b", "c"));

        var picks = Enumerable.Range(0, 6).Select(_ => selector.Select("openai", Model, tried: ["openai:a", "openai:c"]).Credential!.Id).ToList();
        var none = selector.Select("openai", Model, tried: ["openai:a", "openai:b", "openai:c"]);

        Assert.All(picks, p => Assert.Equal("openai:b", p));
        Assert.Null(none.Credential);
        Assert.Null(none.RetryAt);
    }

    [Fact]
    public void Select_EveryKeyTriedAndCooling_RetryAtIsWhenTheFirstIsBack()
    {
        var selector = Selector(RoundRobin("a", "b"));
        var now = _clock.GetUtcNow();
        Cool("openai:a", TimeSpan.FromSeconds(120));
        Cool("openai:b", TimeSpan.FromSeconds(90));

        var choice = selector.Select("openai", Model, tried: ["openai:a", "openai:b"]);

        Assert.Null(choice.Credential);
        Assert.Equal(now.AddSeconds(90), choice.RetryAt);
    }

    [Fact]
    public void NextUsable_EveryServingKeyCooling_TheEarliestReturn()
    {
        var selector = Selector(Tiered());
        var now = _clock.GetUtcNow();
        Cool("openai:p1", TimeSpan.FromSeconds(40));
        Cool("openai:p2", TimeSpan.FromSeconds(30));
        Cool("openai:s1", TimeSpan.FromSeconds(50));
        Cool("openai:last", TimeSpan.FromSeconds(35));

        Assert.Equal(now.AddSeconds(30), selector.NextUsable("openai", Model));
        Assert.Null(selector.NextUsable("openai", "gpt-4o-mini"));
    }

    [Fact]
    public void NextUsable_OneKeyUsable_NullAndRotationUntouched()
    {
        var selector = Selector(RoundRobin("a", "b", "c"));
        Cool("openai:a", TimeSpan.FromSeconds(40));
        var before = Picks(selector, 2);

        var next = selector.NextUsable("openai", Model);
        var after = Picks(selector, 2);

        Assert.Null(next);
        Assert.Equal(["openai:b", "openai:c"], before.Order(StringComparer.Ordinal));
        Assert.Equal(before, after);
    }
}
