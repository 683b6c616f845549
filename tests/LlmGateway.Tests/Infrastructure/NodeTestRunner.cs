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

    /// <summary>Fails the test with "run npm ci in tests/node" unless the packages are installed.</summary>
    public static void AssertPackagesInstalled(string package)
    {
        var path = Path.Combine(Directory, "node_modules", Path.Combine(package.Split('/')), "package.json");
        Assert.True(File.Exists(path), $"{package} is not installed ({path} is missing): run npm ci in tests/node.");
    }

    public static async Task<(int ExitCode, string Output)> RunAsync(string testFile, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add("--test");
        start.ArgumentList.Add("--test-reporter=spec");
        start.ArgumentList.Add(testFile);
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
            throw new Xunit.Sdk.XunitException("Could not start 'node' (Node.js 20 or later must be on PATH): " + ex.Message);
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
            throw new Xunit.Sdk.XunitException($"node --test {testFile} did not finish within {timeout.TotalSeconds} s and was killed.\n{Describe(await stdout, await stderr)}");
        }

        return (process.ExitCode, Describe(await stdout, await stderr));
    }

    private static string Describe(string stdout, string stderr) => "--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
}
