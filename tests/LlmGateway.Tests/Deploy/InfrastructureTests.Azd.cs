using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using LlmGateway.Tests.Infrastructure;

namespace LlmGateway.Tests.Deploy;

/// <summary>azure.yaml, the hooks and the outputs they read, and the Functions host.json.</summary>
public partial class InfrastructureTests
{
    [Fact]
    public void AzureYaml_ServiceProject_IsAFunctionsProject()
    {
        var yaml = File.ReadAllText(InfraFiles.AzureYamlPath);

        var project = Assert.Single(InfraFiles.YamlValues(yaml, "project"));
        var directory = Path.GetFullPath(Path.Combine(Repository.Root, project));

        Assert.True(Directory.Exists(directory), $"azure.yaml: project '{project}' does not exist.");
        Assert.True(Directory.GetFiles(directory, "*.csproj").Length > 0, $"azure.yaml: project '{project}' holds no .csproj.");
        Assert.True(File.Exists(Path.Combine(directory, "host.json")), $"azure.yaml: project '{project}' has no host.json: not a Functions project.");
        Assert.Equal(["function"], InfraFiles.YamlValues(yaml, "host"));
        Assert.Equal(["dotnet"], InfraFiles.YamlValues(yaml, "language"));
    }

    [Fact]
    public void AzureYaml_InfraPath_HoldsMainBicepAndParameters()
    {
        var path = Assert.Single(InfraFiles.YamlValues(File.ReadAllText(InfraFiles.AzureYamlPath), "path"));
        var directory = Path.GetFullPath(Path.Combine(Repository.Root, path));

        Assert.True(File.Exists(Path.Combine(directory, "main.bicep")), $"azure.yaml: infra path '{path}' holds no main.bicep.");
        Assert.True(File.Exists(Path.Combine(directory, "main.parameters.json")), $"azure.yaml: infra path '{path}' holds no main.parameters.json.");
    }

    [Fact]
    public void AzureYaml_Hooks_ExistForPosixAndWindows()
    {
        var yaml = File.ReadAllText(InfraFiles.AzureYamlPath);
        var scripts = InfraFiles.YamlValues(yaml, "run").ToList();

        var missing = scripts.Where(script => !File.Exists(Path.Combine(Repository.Root, script))).ToList();

        Assert.True(missing.Count == 0, $"azure.yaml runs hooks that do not exist: {string.Join(", ", missing)}");
        Assert.Contains(scripts, script => script.EndsWith(".sh", StringComparison.Ordinal));
        Assert.Contains(scripts, script => script.EndsWith(".ps1", StringComparison.Ordinal));
        Assert.Matches(@"(?m)^\s*posix:", yaml);
        Assert.Matches(@"(?m)^\s*windows:", yaml);
    }

    [Theory]
    [InlineData("AZURE_LOCATION")]
    [InlineData("AZURE_TENANT_ID")]
    [InlineData("RESOURCE_GROUP")]
    [InlineData("AZURE_FUNCTION_APP_NAME")]
    [InlineData("GATEWAY_BASE_URL")]
    [InlineData("AZURE_KEY_VAULT_NAME")]
    [InlineData("AZURE_KEY_VAULT_ENDPOINT")]
    [InlineData("AZURE_STORAGE_TABLE_ENDPOINT")]
    [InlineData("NEXT_STEP_ADD_UPSTREAM_KEY")]
    [InlineData("NEXT_STEP_ADD_MANAGEMENT_KEY")]
    public void MainBicep_Outputs_IncludeWhatOperatorsRead(string output)
    {
        var outputs = InfraFiles.Outputs(InfraFiles.ReadWithoutComments(InfraFiles.MainBicepPath));

        Assert.True(outputs.Contains(output), $"main.bicep has no output {output}.");
    }

    [Fact]
    public void GatewayBaseUrl_ComesFromTheSiteDefaultHostName()
    {
        var text = string.Join(Environment.NewLine, InfraFiles.AllBicepFiles().Select(File.ReadAllText));

        Assert.Matches(@"'https://\$\{\w+\.properties\.defaultHostName\}'", text);
    }

    [Fact]
    public void Hooks_EveryValueTheyRead_IsAnOutputOrAnAzdVariable()
    {
        var outputs = InfraFiles.Outputs(InfraFiles.ReadWithoutComments(InfraFiles.MainBicepPath));
        var parameterVariables = Regex.Matches(File.ReadAllText(InfraFiles.MainParametersPath), @"\$\{(?<name>\w+)")
            .Select(match => match.Groups["name"].Value);
        var known = outputs.Concat(parameterVariables).ToHashSet(StringComparer.Ordinal);
        var hooks = Directory.GetFiles(Path.Combine(Repository.Root, "infra", "hooks"));

        var unknown = hooks
            .SelectMany(hook => Regex.Matches(File.ReadAllText(hook), @"(?:env_value|Get-EnvValue)\s+'?(?<name>[A-Z][A-Z0-9_]+)")
                .Select(match => (Hook: InfraFiles.Relative(hook), Name: match.Groups["name"].Value)))
            .Where(read => !known.Contains(read.Name))
            .Select(read => $"{read.Hook} reads {read.Name}, which is neither a main.bicep output nor a main.parameters.json variable")
            .ToList();

        Assert.NotEmpty(hooks);
        Assert.True(unknown.Count == 0, string.Join(Environment.NewLine, unknown));
    }

    [Theory]
    [InlineData("upstream--openai--main")]
    [InlineData("--name management-key")]
    [InlineData("az keyvault secret set --vault-name")]
    [InlineData("/v1")]
    public void Hooks_NextSteps_MentionTheKeyCommands(string expected)
    {
        foreach (var hook in Directory.GetFiles(Path.Combine(Repository.Root, "infra", "hooks")))
        {
            Assert.True(File.ReadAllText(hook).Contains(expected, StringComparison.Ordinal), $"{InfraFiles.Relative(hook)} does not print '{expected}'.");
        }
    }

    [Fact]
    public void HostJson_RoutesAndTimeout_SuitLongStreams()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Root, "src", "Functions", "host.json")));
        var root = document.RootElement;

        var routePrefix = root.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString();
        Assert.True(routePrefix == string.Empty, "host.json: extensions.http.routePrefix must be \"\" so routes are /v1/..., not /api/v1/...");

        Assert.True(root.TryGetProperty("functionTimeout", out var timeout), "host.json: functionTimeout is not set (Flex Consumption's default is 30 minutes).");
        var value = timeout.GetString();
        var unbounded = value == "-1";
        Assert.True(unbounded || (TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var span) && span >= TimeSpan.FromMinutes(30)),
            $"host.json: functionTimeout '{value}' is shorter than a long generation may take; use at least 00:30:00 or -1.");
    }
}
