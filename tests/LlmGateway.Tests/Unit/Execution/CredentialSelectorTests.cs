using LlmGateway.Configuration;
using LlmGateway.Credentials;
using LlmGateway.Execution;
using LlmGateway.State;
using Microsoft.Extensions.Options;

namespace LlmGateway.Tests.Unit.Execution;

public class CredentialSelectorTests
{
    private const string Model = "gpt-4o";
    private const string OtherModel = "gpt-4o-mini";

    private readonly ManualTimeProvider _clock = new();
    private readonly InMemoryCredentialStateStore _state = new();
    private readonly CredentialSelector _selector;

    public CredentialSelectorTests()
    {
        var options = Options.Create(new GatewayOptions
        {
            Providers = new(StringComparer.OrdinalIgnoreCase)
            {
                ["openai"] = new ProviderOptions { Type = ProviderTypes.OpenAI, Keys = ["sk-a", "sk-b", "sk-c"], Models = [Model, OtherModel] },
                ["local"] = new ProviderOptions { Type = ProviderTypes.OpenAI, Models = ["llama"] },
            },
        });
        _selector = new CredentialSelector(new ConfigurationCredentialSource(options), _state, new SessionAffinity(options, _clock), options, _clock);
    }

    [Fact]
    public void Select_ThreeKeys_GivesEachKeyOncePerThreeCalls()
    {
        var firstRound = SelectIds(3, Model);
        var secondRound = SelectIds(3, Model);

        Assert.Equal(["openai:0", "openai:1", "openai:2"], firstRound.Order(StringComparer.Ordinal));
        Assert.Equal(firstRound, secondRound);
    }

    [Fact]
    public void Select_CredentialReturned_CarriesItsSecret()
    {
        var secrets = Enumerable.Range(0, 3).Select(_ => _selector.Select("OpenAI", Model).Credential?.Secret).ToList();

        Assert.Equal(["sk-a", "sk-b", "sk-c"], secrets.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Select_ProviderWithoutKeys_GivesOneKeylessCredential()
    {
        var choice = _selector.Select("local", "llama");

        Assert.NotNull(choice.Credential);
        Assert.Null(choice.Credential.Secret);
        Assert.Equal("local:keyless", choice.Credential.Id);
    }

    [Fact]
    public void Select_UnknownProvider_GivesNoCredentialAndNoRetryTime()
    {
        var choice = _selector.Select("nope", Model);

        Assert.Equal(default, choice);
    }

    [Fact]
    public void Select_CredentialCoolingForModel_IsSkippedForThatModelOnly()
    {
        _state.SetCooldown(new Cooldown("openai:1", Model, _clock.GetUtcNow().AddSeconds(30), "rate_limited", 429, 1));

        var forModel = SelectIds(6, Model);
        var forOtherModel = SelectIds(3, OtherModel);

        Assert.DoesNotContain("openai:1", forModel);
        Assert.Contains("openai:0", forModel);
        Assert.Contains("openai:2", forModel);
        Assert.Contains("openai:1", forOtherModel);
    }

    [Fact]
    public void Select_AllCooling_GivesNoCredentialAndEarliestExpiry()
    {
        var now = _clock.GetUtcNow();
        _state.SetCooldown(new Cooldown("openai:0", Model, now.AddSeconds(60), "rate_limited", 429, 1));
        _state.SetCooldown(new Cooldown("openai:1", Model, now.AddSeconds(20), "rate_limited", 429, 1));
        _state.SetCooldown(new Cooldown("openai:2", Model, now.AddSeconds(45), "overloaded", 429, 1));

        var choices = Enumerable.Range(0, 3).Select(_ => _selector.Select("openai", Model)).ToList();

        Assert.All(choices, choice =>
        {
            Assert.Null(choice.Credential);
            Assert.Equal(now.AddSeconds(20), choice.RetryAt);
        });
    }

    [Fact]
    public void Select_ClockPastCooldown_CredentialUsableAgain()
    {
        var now = _clock.GetUtcNow();
        foreach (var id in (string[])["openai:0", "openai:1", "openai:2"])
        {
            _state.SetCooldown(new Cooldown(id, Model, now.AddSeconds(id == "openai:2" ? 10 : 120), "rate_limited", 429, 1));
        }

        var before = _selector.Select("openai", Model);
        _clock.Advance(TimeSpan.FromSeconds(10));
        var after = _selector.Select("openai", Model);

        Assert.Null(before.Credential);
        Assert.Equal("openai:2", after.Credential?.Id);
        Assert.Null(after.RetryAt);
    }

    [Fact]
    public void Select_AfterRecordSuccess_CredentialUsableAgain()
    {
        _state.SetCooldown(new Cooldown("openai:0", Model, _clock.GetUtcNow().AddMinutes(5), "rate_limited", 429, 1));
        _state.SetCooldown(new Cooldown("openai:1", Model, _clock.GetUtcNow().AddMinutes(5), "rate_limited", 429, 1));
        _state.SetCooldown(new Cooldown("openai:2", Model, _clock.GetUtcNow().AddMinutes(5), "rate_limited", 429, 1));
        var before = _selector.Select("openai", Model);

        _state.RecordSuccess("openai:1", Model);
        var after = SelectIds(3, Model);

        Assert.Null(before.Credential);
        Assert.Equal(["openai:1", "openai:1", "openai:1"], after);
    }

    private List<string?> SelectIds(int count, string model) =>
        Enumerable.Range(0, count).Select(_ => _selector.Select("openai", model).Credential?.Id).ToList();
}
