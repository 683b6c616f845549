using System.Collections.Frozen;
using LlmGateway.Credentials.KeyVault;

namespace LlmGateway.Tests.Unit.Credentials.KeyVault;

public class KeyVaultSnapshotTests
{
    [Fact]
    public void GetKeys_KeysInAnyOrder_GivesLowestPriorityFirstThenLabel()
    {
        var snapshot = new KeyVaultSnapshot(
            [("openai", Key("c", priority: 1)), ("openai", Key("b")), ("openai", Key("a", priority: 1)), ("anthropic", Key("x"))],
            managementKey: null);

        Assert.Equal(["b", "a", "c"], snapshot.GetKeys("openai").Select(k => k.Label));
        Assert.Equal(["x"], snapshot.GetKeys("anthropic").Select(k => k.Label));
        Assert.Equal(4, snapshot.KeyCount);
    }

    [Fact]
    public void GetKeys_ProviderInOtherCaseOrUnknown_MatchesIgnoringCaseOrGivesEmpty()
    {
        var snapshot = new KeyVaultSnapshot([("OpenAI", Key("a"))], null);

        Assert.Single(snapshot.GetKeys("openai"));
        Assert.Empty(snapshot.GetKeys("gemini"));
    }

    [Fact]
    public void HasSameContent_EqualKeysInOtherOrder_IsTrue()
    {
        var one = new KeyVaultSnapshot([("openai", Key("a", excluded: ["o1", "o3"])), ("openai", Key("b"))], "mk");
        var two = new KeyVaultSnapshot([("openai", Key("b")), ("openai", Key("a", excluded: ["o3", "o1"]))], "mk");

        Assert.True(one.HasSameContent(two));
    }

    [Theory]
    [InlineData("secret")]
    [InlineData("version")]
    [InlineData("weight")]
    [InlineData("excluded")]
    [InlineData("management")]
    [InlineData("removed")]
    public void HasSameContent_AnyDifference_IsFalse(string change)
    {
        var one = new KeyVaultSnapshot([("openai", Key("a")), ("openai", Key("b"))], "mk");
        var changedKey = change switch
        {
            "secret" => Key("a") with { Secret = "sk-other" },
            "version" => Key("a") with { Version = "v2" },
            "weight" => Key("a") with { Weight = 3 },
            "excluded" => Key("a", excluded: ["o1"]),
            _ => Key("a"),
        };
        (string, VaultKey)[] keys = change == "removed" ? [("openai", changedKey)] : [("openai", changedKey), ("openai", Key("b"))];
        var two = new KeyVaultSnapshot(keys, change == "management" ? "other" : "mk");

        Assert.False(one.HasSameContent(two));
    }

    [Fact]
    public void ToString_SnapshotAndKey_NeverShowTheSecrets()
    {
        var key = Key("a");
        var snapshot = new KeyVaultSnapshot([("openai", key)], "management-secret-value");

        Assert.DoesNotContain("sk-a", key.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("sk-a", snapshot.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("management-secret-value", snapshot.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("sk-a", $"{key} {snapshot}", StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_HasNothing()
    {
        Assert.Empty(KeyVaultSnapshot.Empty.Providers);
        Assert.Null(KeyVaultSnapshot.Empty.ManagementKey);
        Assert.Equal(0, KeyVaultSnapshot.Empty.Generation);
    }

    [Theory]
    [InlineData("models")]
    [InlineData("baseUrl")]
    public void HasSameContent_ModelsOrBaseUrlChanged_IsFalse(string change)
    {
        var one = new KeyVaultSnapshot([("openai", Key("a") with { Models = new HashSet<string> { "gpt-4o" }, BaseUri = new Uri("https://a.example/v1/") })], null);
        var changed = change == "models"
            ? Key("a") with { Models = new HashSet<string> { "gpt-4o", "o3" }, BaseUri = new Uri("https://a.example/v1/") }
            : Key("a") with { Models = new HashSet<string> { "gpt-4o" }, BaseUri = new Uri("https://b.example/v1/") };
        var same = Key("a") with { Models = new HashSet<string> { "gpt-4o" }, BaseUri = new Uri("https://a.example/v1/") };

        Assert.False(one.HasSameContent(new KeyVaultSnapshot([("openai", changed)], null)));
        Assert.True(one.HasSameContent(new KeyVaultSnapshot([("openai", same)], null)));
    }

    [Fact]
    public void HasSameContent_ClientKeysInOtherOrderOrChanged_ComparesThemByName()
    {
        var one = new KeyVaultSnapshot([], null, [new VaultClientKey("ci", "ck-ci-value"), new VaultClientKey("bot", "ck-bot-value")]);
        var reordered = new KeyVaultSnapshot([], null, [new VaultClientKey("bot", "ck-bot-value"), new VaultClientKey("ci", "ck-ci-value")]);
        var rotated = new KeyVaultSnapshot([], null, [new VaultClientKey("bot", "ck-bot-value"), new VaultClientKey("ci", "ck-ci-rotated")]);
        var removed = new KeyVaultSnapshot([], null, [new VaultClientKey("bot", "ck-bot-value")]);

        Assert.Equal(["bot", "ci"], one.ClientKeys.Select(k => k.Name));
        Assert.True(one.HasSameContent(reordered));
        Assert.False(one.HasSameContent(rotated));
        Assert.False(one.HasSameContent(removed));
        Assert.Equal(2, one.Publish(3, DateTimeOffset.UnixEpoch).ClientKeys.Count);
    }

    [Fact]
    public void ToString_ClientKeys_NeverShowTheirValues()
    {
        var clientKey = new VaultClientKey("ci", "ck-ci-value-123");
        var snapshot = new KeyVaultSnapshot([], null, [clientKey]);

        Assert.DoesNotContain("ck-ci-value-123", $"{clientKey} {snapshot}", StringComparison.Ordinal);
        Assert.Contains("1 client keys", snapshot.ToString(), StringComparison.Ordinal);
    }

    internal static VaultKey Key(string label, int priority = 0, string[]? excluded = null) =>
        new(label, "sk-" + label, priority, 1, (excluded ?? []).ToFrozenSet(StringComparer.Ordinal), "v1");
}
