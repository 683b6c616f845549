using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace LlmGateway.Tests.Infrastructure;

/// <summary>
/// Runs <c>node --test &lt;file&gt;</c> in <c>tests/node</c> (real JavaScript SDK clients) with extra environment
/// variables, capturing its output. The time limit is a bound on a hung client, not synchronisation.
/// </summary>
public static class NodeTestRunner
{
    public static string Directory { get; } = Path.Combine(Repository.Root, "tests", "node");

    private static readonly SemaphoreSlim InstallGate = new(1, 1);

    /// <summary>
    /// Installs the pinned packages (<c>npm ci</c>) when they are missing, so that <c>dotnet test</c> alone works on a
    /// fresh clone (CI installs them first); fails the test with "run npm ci in tests/node" if that fails.
    /// </summary>
    public static async Task EnsurePackagesInstalledAsync(string package)
    {
        var path = Path.Combine(Directory, "node_modules", Path.Combine(package.Split('/')), "package.json");
        await InstallGate.WaitAsync();
        try
        {
            if (!File.Exists(path))
            {
                var (exitCode, output) = await RunProcessAsync("npm", ["ci", "--no-audit", "--no-fund"], new Dictionary<string, string>(), TimeSpan.FromMinutes(5));
                Assert.True(exitCode == 0, $"npm ci in tests/node failed (exit {exitCode}); run it by hand.\n{output}");
            }
        }
        finally
        {
            InstallGate.Release();
        }

        Assert.True(File.Exists(path), $"{package} is not installed ({path} is missing): run npm ci in tests/node.");
    }

    public static Task<(int ExitCode, string Output)> RunAsync(string testFile, IReadOnlyDictionary<string, string> environment, TimeSpan timeout) =>
        RunProcessAsync("node", ["--test", "--test-reporter=spec", testFile], environment, timeout);

    private static async Task<(int ExitCode, string Output)> RunProcessAsync(string command, string[] arguments, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var start = new ProcessStartInfo(command)
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["NO_COLOR"] = "1";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new Xunit.Sdk.XunitException($"Could not start '{command}' (Node.js 20 or later and npm must be on PATH): " + ex.Message);
        }

        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new Xunit.Sdk.XunitException($"{command} {string.Join(' ', arguments)} did not finish within {timeout.TotalSeconds} s and was killed.\n{Describe(await stdout, await stderr)}");
        }

        return (process.ExitCode, Describe(await stdout, await stderr));
    }

    private static string Describe(string stdout, string stderr) => "--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
}
