using System.Text.Json;
using System.Text.RegularExpressions;

namespace LlmGateway.Tests.Deploy;

/// <summary>
/// Static checks of the azd deployment (azure.yaml, infra/bicep, the hooks): no Bicep compiler and no Azure access,
/// so they run with the rest of the suite and fail with the name of what is missing.
/// </summary>
public partial class InfrastructureTests
{
    [Fact]
    public void MainBicep_LocalModulesAndLoadedFiles_AllExist()
    {
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var missing = new List<string>();
        var pending = new Queue<string>([InfraFiles.MainBicepPath]);
        while (pending.TryDequeue(out var file))
        {
            if (!visited.Add(Path.GetFullPath(file)))
            {
                continue;
            }

            var text = InfraFiles.ReadWithoutComments(file);
            var directory = Path.GetDirectoryName(file)!;
            foreach (var reference in InfraFiles.ModuleReferences(text).Where(path => !InfraFiles.IsRegistryReference(path)))
            {
                var target = Path.GetFullPath(Path.Combine(directory, reference));
                if (File.Exists(target))
                {
                    pending.Enqueue(target);
                }
                else
                {
                    missing.Add($"{InfraFiles.Relative(file)} uses module '{reference}', but {InfraFiles.Relative(target)} does not exist");
                }
            }

            foreach (var reference in InfraFiles.LoadedFiles(text))
            {
                var target = Path.GetFullPath(Path.Combine(directory, reference));
                if (!File.Exists(target))
                {
                    missing.Add($"{InfraFiles.Relative(file)} loads '{reference}', but {InfraFiles.Relative(target)} does not exist");
                }
            }
        }

        Assert.True(missing.Count == 0, string.Join(Environment.NewLine, missing));
        Assert.True(visited.Count > 1, "main.bicep references no local module: expected app/api.bicep and app/rbac.bicep.");
    }

    [Fact]
    public void BicepFiles_RegistryModules_ArePinnedToAVersion()
    {
        var unpinned = InfraFiles.AllBicepFiles()
            .SelectMany(file => InfraFiles.ModuleReferences(InfraFiles.ReadWithoutComments(file))
                .Where(InfraFiles.IsRegistryReference)
                .Where(reference => !Regex.IsMatch(reference, @":\d+\.\d+\.\d+$"))
                .Select(reference => $"{InfraFiles.Relative(file)}: '{reference}' has no exact version"))
            .ToList();

        Assert.True(unpinned.Count == 0, string.Join(Environment.NewLine, unpinned));
    }

    [Fact]
    public void MainParameters_EveryParameter_IsDeclaredInMainBicep()
    {
        var declared = InfraFiles.Parameters(InfraFiles.ReadWithoutComments(InfraFiles.MainBicepPath));

        var undeclared = MainParameterNames().Where(name => !declared.ContainsKey(name)).ToList();

        Assert.True(undeclared.Count == 0,
            $"main.parameters.json sets parameters main.bicep does not declare: {string.Join(", ", undeclared)}");
    }

    [Fact]
    public void MainBicep_ParametersWithoutDefault_AreSetByMainParameters()
    {
        var supplied = MainParameterNames().ToHashSet(StringComparer.Ordinal);

        var unsupplied = InfraFiles.Parameters(InfraFiles.ReadWithoutComments(InfraFiles.MainBicepPath))
            .Where(parameter => !parameter.Value && !supplied.Contains(parameter.Key))
            .Select(parameter => parameter.Key)
            .ToList();

        Assert.True(unsupplied.Count == 0,
            $"main.bicep parameters without a default that main.parameters.json does not set: {string.Join(", ", unsupplied)}");
    }

    [Fact]
    public void DeploymentSettings_Reflection_FindsTheKnownSettings()
    {
        var names = DeploymentSettings.AppSettingNames();

        Assert.Contains("Gateway__Storage__TableServiceUri", names);
        Assert.Contains("Gateway__KeyVaultUri", names);
        Assert.Contains("Gateway__ManagedIdentityClientId", names);
    }

    public static TheoryData<string> DeploymentSettingNames() => new(DeploymentSettings.AppSettingNames());

    [Theory]
    [MemberData(nameof(DeploymentSettingNames))]
    public void BicepAppSettings_DeploymentSetting_IsSet(string appSetting)
    {
        var found = InfraFiles.AllBicepFiles().Any(file => InfraFiles.HasObjectKey(InfraFiles.ReadWithoutComments(file), appSetting));

        Assert.True(found, $"[DeploymentSetting] {appSetting} is not set as an app setting anywhere under infra/bicep.");
    }

    [Theory]
    [InlineData("AzureWebJobsStorage__credential")]
    [InlineData("AzureWebJobsStorage__clientId")]
    [InlineData("AzureWebJobsStorage__blobServiceUri")]
    [InlineData("AzureWebJobsStorage__queueServiceUri")]
    [InlineData("AzureWebJobsStorage__tableServiceUri")]
    [InlineData("APPLICATIONINSIGHTS_CONNECTION_STRING")]
    [InlineData("APPLICATIONINSIGHTS_AUTHENTICATION_STRING")]
    public void BicepAppSettings_IdentityBasedHostSetting_IsSet(string appSetting)
    {
        var found = InfraFiles.AllBicepFiles().Any(file => InfraFiles.HasObjectKey(InfraFiles.ReadWithoutComments(file), appSetting));

        Assert.True(found, $"App setting {appSetting} is not set anywhere under infra/bicep.");
    }

    [Fact]
    public void DeploymentFiles_StorageAccess_NeverUsesAccountKeys()
    {
        var offences = new List<string>();
        foreach (var file in InfraFiles.AllDeploymentFiles())
        {
            var text = File.ReadAllText(file);
            foreach (var banned in new[] { "AccountKey", "listKeys(", "UseDevelopmentStorage" })
            {
                if (text.Contains(banned, StringComparison.OrdinalIgnoreCase))
                {
                    offences.Add($"{InfraFiles.Relative(file)} contains '{banned}'");
                }
            }

            if (file.EndsWith(".bicep", StringComparison.Ordinal) && InfraFiles.HasObjectKey(InfraFiles.ReadWithoutComments(file), "AzureWebJobsStorage"))
            {
                offences.Add($"{InfraFiles.Relative(file)} sets AzureWebJobsStorage (a connection string) instead of AzureWebJobsStorage__* identity settings");
            }
        }

        var main = InfraFiles.ReadWithoutComments(InfraFiles.MainBicepPath);
        if (!Regex.IsMatch(main, @"allowSharedKeyAccess:\s*false"))
        {
            offences.Add("main.bicep does not set allowSharedKeyAccess: false on the storage account");
        }

        Assert.True(offences.Count == 0, string.Join(Environment.NewLine, offences));
    }

    [Fact]
    public void Abbreviations_EveryUseInMainBicep_IsDefined()
    {
        var path = Path.Combine(InfraFiles.BicepDirectory, "abbreviations.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var defined = document.RootElement.EnumerateObject()
            .Where(property => property.Value.ValueKind == JsonValueKind.String)
            .Select(property => property.Name)
            .ToHashSet(StringComparer.Ordinal);

        var uses = InfraFiles.AbbreviationUses(InfraFiles.ReadWithoutComments(InfraFiles.MainBicepPath)).ToList();
        var undefined = uses.Where(name => !defined.Contains(name)).ToList();

        Assert.NotEmpty(uses);
        Assert.True(undefined.Count == 0, $"main.bicep uses abbreviations missing from abbreviations.json: {string.Join(", ", undefined)}");
    }

    [Fact]
    public void RoleAssignments_RoleDefinitionIds_AreTheBuiltInRolesNamedBesideThem()
    {
        // Built-in role definition ids (identical in every tenant), double-checked against the Azure built-in roles list.
        var expected = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Storage Blob Data Owner"] = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
            ["Storage Queue Data Contributor"] = "974c5e8b-45b9-4653-ba55-5f855dd0fb88",
            ["Storage Table Data Contributor"] = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3",
            ["Key Vault Secrets User"] = "4633458b-17de-408a-b874-0445c86b69e6",
            ["Key Vault Secrets Officer"] = "b86a8fe4-44ce-4948-aee5-eccb2c155cd7",
            ["Monitoring Metrics Publisher"] = "3913510d-42f4-4e42-8a64-420c390055eb",
        };
        var text = string.Join(Environment.NewLine, InfraFiles.AllBicepFiles().Select(File.ReadAllText));
        var commented = Regex.Matches(text, @"'(?<id>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})'.*//\s*(?<role>[^\r\n]+?)\s*$", RegexOptions.Multiline)
            .Select(match => (Role: match.Groups["role"].Value, Id: match.Groups["id"].Value))
            .ToList();

        var problems = new List<string>();
        foreach (var role in expected.Keys)
        {
            if (!commented.Any(pair => pair.Role == role))
            {
                problems.Add($"no role definition id is commented '// {role}'");
            }
        }

        foreach (var (role, id) in commented)
        {
            if (expected.TryGetValue(role, out var builtIn) && builtIn != id)
            {
                problems.Add($"'{role}' is written {id}; the built-in role is {builtIn}");
            }
            else if (expected.FirstOrDefault(pair => pair.Value == id) is { Key: not null } other && other.Key != role)
            {
                problems.Add($"{id} is commented '{role}' but is the built-in role '{other.Key}'");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    private static IEnumerable<string> MainParameterNames()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(InfraFiles.MainParametersPath));
        return document.RootElement.GetProperty("parameters").EnumerateObject().Select(property => property.Name).ToList();
    }
}
