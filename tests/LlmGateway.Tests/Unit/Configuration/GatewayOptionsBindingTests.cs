using System.Text.Json;
using LlmGateway.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LlmGateway.Tests.Unit.Configuration;

/// <summary>The <c>Gateway</c> section bound and validated the way every host does it: through <c>AddLlmGateway</c>.</summary>
public class GatewayOptionsBindingTests
{
    [Fact]
    public void AddLlmGateway_ColonSeparatedKeys_BindsEverySetting()
    {
        using var services = BuildServices(new Dictionary<string, string?>
        {
            ["Gateway:ClientKeys:0:Name"] = "team-a",
            ["Gateway:ClientKeys:0:Key"] = "sk-team-a-key",
            ["Gateway:Providers:openai:Type"] = "openai",
            ["Gateway:Providers:openai:BaseUrl"] = "https://api.openai.com/v1",
            ["Gateway:Providers:openai:Keys:0"] = "sk-upstream-0",
            ["Gateway:Providers:openai:Keys:1"] = "sk-upstream-1",
            ["Gateway:Providers:openai:Models:0"] = "gpt-4o",
            ["Gateway:Providers:openai:Models:1"] = "gpt-4o-mini",
            ["Gateway:Providers:openai:FirstByteTimeoutSeconds"] = "42.5",
            ["Gateway:Aliases:fast:0"] = "openai/gpt-4o-mini",
            ["Gateway:Aliases:fast:1"] = "openai/gpt-4o",
            ["Gateway:MaxRequestBodyBytes"] = "1048576",
            ["Gateway:KeepAliveSeconds"] = "5",
        });

        var options = services.GetRequiredService<IOptions<GatewayOptions>>().Value;

        var client = Assert.Single(options.ClientKeys);
        Assert.Equal(("team-a", "sk-team-a-key"), (client.Name, client.Key));
        var openai = Assert.Single(options.Providers).Value;
        Assert.Equal("openai", openai.Type);
        Assert.Equal("https://api.openai.com/v1", openai.BaseUrl);
        Assert.Equal(["sk-upstream-0", "sk-upstream-1"], openai.Keys);
        Assert.Equal(["gpt-4o", "gpt-4o-mini"], openai.Models);
        Assert.Equal(42.5, openai.FirstByteTimeoutSeconds);
        Assert.Equal(10, openai.ConnectTimeoutSeconds);
        Assert.Equal(["openai/gpt-4o-mini", "openai/gpt-4o"], options.Aliases["fast"]);
        Assert.Equal(1048576, options.MaxRequestBodyBytes);
        Assert.Equal(5, options.KeepAliveSeconds);
    }

    [Fact]
    public void AddLlmGateway_BoundProviders_AreLookedUpIgnoringCase()
    {
        using var services = BuildServices(new Dictionary<string, string?>
        {
            ["Gateway:AllowAnonymous"] = "true",
            ["Gateway:Providers:OpenAI:Type"] = "openai",
            ["Gateway:Providers:OpenAI:BaseUrl"] = "https://api.openai.com/v1",
            ["Gateway:Providers:OpenAI:Models:0"] = "gpt-4o",
        });

        var options = services.GetRequiredService<IOptions<GatewayOptions>>().Value;

        Assert.True(options.Providers.ContainsKey("openai"));
    }

    [Fact]
    public void AddLlmGateway_LocalSettingsSample_IsValidWithMockProviderAndDevKey()
    {
        using var services = BuildServices(ReadLocalSettingsSample());

        var options = services.GetRequiredService<IOptions<GatewayOptions>>().Value;

        var client = Assert.Single(options.ClientKeys);
        Assert.Equal("dev", client.Name);
        Assert.Equal("sk-local-dev", client.Key);
        Assert.False(options.AllowAnonymous);
        var mock = options.Providers["mock"];
        Assert.Equal(ProviderTypes.Mock, mock.Type);
        Assert.Equal(["echo"], mock.Models);
        Assert.Equal(["mock/echo"], options.Aliases["fast"]);
    }

    [Fact]
    public void AddLlmGateway_EmptyConfiguration_ThrowsNamingClientKeys()
    {
        using var services = BuildServices([]);
        var options = services.GetRequiredService<IOptions<GatewayOptions>>();

        var exception = Assert.Throws<OptionsValidationException>(() => options.Value);

        Assert.Contains("Gateway:ClientKeys", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Gateway:Providers", exception.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider BuildServices(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLlmGateway();
        return services.BuildServiceProvider();
    }

    /// <summary>The sample's <c>Values</c>, with the environment-variable separator <c>__</c> turned into <c>:</c> as hosts do.</summary>
    private static Dictionary<string, string?> ReadLocalSettingsSample()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Functions.sln")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(directory.FullName, "local.settings.sample.json")));
        return document.RootElement.GetProperty("Values").EnumerateObject().ToDictionary(
            p => p.Name.Replace("__", ":", StringComparison.Ordinal),
            p => (string?)p.Value.GetString(),
            StringComparer.OrdinalIgnoreCase);
    }
}
