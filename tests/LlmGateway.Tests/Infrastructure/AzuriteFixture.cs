using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using LlmGateway.Configuration;
using LlmGateway.Storage.Tables;

namespace LlmGateway.Tests.Infrastructure;

/// <summary>
/// Azurite's table service for the integration tests. Uses the endpoint in <c>LLMGATEWAY_AZURITE_TABLE</c> (e.g.
/// <c>http://127.0.0.1:10002/devstoreaccount1</c>, as <c>.ci/run</c> sets it) when given; otherwise installs the
/// pinned <c>azurite</c> package (<c>npm ci</c> in tests/node) if missing, starts its table server on a free port
/// with in-memory persistence and telemetry off, polls until the port answers (bounded), and kills it on dispose.
/// Each test gets a table of its own (<see cref="CreateTableAsync"/>), so tests do not see each other's data.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public const string EndpointVariable = "LLMGATEWAY_AZURITE_TABLE";

    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(60);
    private readonly StringBuilder _output = new();
    private Process? _process;

    /// <summary>The table endpoint, path-style: <c>http://127.0.0.1:port/devstoreaccount1</c>.</summary>
    public Uri TableEndpoint { get; private set; } = TableConnectionString.DevelopmentTableEndpoint;

    /// <summary>A connection string for Azurite's well-known development account on <see cref="TableEndpoint"/>.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={TableConnectionString.DevelopmentAccountName};AccountKey={TableConnectionString.DevelopmentAccountKey};TableEndpoint={TableEndpoint};";

    public async Task InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable(EndpointVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            TableEndpoint = new Uri(external.TrimEnd('/'));
            await WaitUntilListeningAsync(TableEndpoint.Port, process: null);
            return;
        }

        await NodeTestRunner.EnsurePackagesInstalledAsync("azurite");
        var main = Path.Combine(NodeTestRunner.Directory, "node_modules", "azurite", "dist", "src", "table", "main.js");
        Assert.True(File.Exists(main), $"Azurite's table server ({main}) is missing: run npm ci in tests/node.");

        // A free port can be taken between choosing it and Azurite binding it; try again with another then.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            _process = Start(main, port);
            try
            {
                await WaitUntilListeningAsync(port, _process);
                TableEndpoint = new Uri($"http://127.0.0.1:{port}/{TableConnectionString.DevelopmentAccountName}");
                return;
            }
            catch (InvalidOperationException) when (attempt < 3 && _process.HasExited)
            {
                _process.Dispose();
                _process = null;
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (_process is null)
        {
            return;
        }

        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(limit.Token);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            _process.Dispose();
            _process = null;
        }
    }

    /// <summary>A store on Azurite with the development account's shared key; the prefix keeps test tables apart.</summary>
    internal ITableStore CreateStore(TableStoreClientOptions? clientOptions = null, string prefix = "t") =>
        TableStoreFactory.Create(new StorageOptions { ConnectionString = ConnectionString, TablePrefix = prefix }, credential: null, clientOptions);

    /// <summary>A new, empty table with a name no other test uses.</summary>
    internal async Task<ITableClient> CreateTableAsync(TableStoreClientOptions? clientOptions = null)
    {
        var table = CreateStore(clientOptions).GetTableClient(UniqueName());
        Assert.True(await table.CreateIfNotExistsAsync(), $"table {table.Name} already existed");
        return table;
    }

    internal static string UniqueName() => Guid.NewGuid().ToString("N")[..20];

    /// <summary>A table prefix no other test uses, for stores that name their own tables (<c>{prefix}cooldowns</c>…).</summary>
    internal static string UniquePrefix() => "t" + Guid.NewGuid().ToString("N")[..16];

    /// <summary><c>Gateway:Storage</c> for this Azurite with <paramref name="prefix"/>.</summary>
    internal StorageOptions StorageOptions(string prefix) => new() { ConnectionString = ConnectionString, TablePrefix = prefix };

    private Process Start(string main, int port)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = NodeTestRunner.Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { main, "--tableHost", "127.0.0.1", "--tablePort", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--disableTelemetry", "--inMemoryPersistence", "--silent" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            process.Dispose();
            throw new InvalidOperationException("Could not start 'node' for Azurite (Node.js 20 or later must be on PATH): " + ex.Message, ex);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Polls the port until it accepts a connection; fails when the process exits or the deadline passes.</summary>
    private async Task WaitUntilListeningAsync(int port, Process? process)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            using (var client = new TcpClient())
            {
                try
                {
                    using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                    await client.ConnectAsync(IPAddress.Loopback, port, attempt.Token);
                    return;
                }
                catch (Exception ex) when (ex is SocketException or OperationCanceledException)
                {
                    // Not listening yet.
                }
            }

            if (process is { HasExited: true })
            {
                throw new InvalidOperationException($"Azurite exited with {process.ExitCode} before listening on port {port}.\n{Output()}");
            }

            if (deadline.Elapsed > StartDeadline)
            {
                throw new InvalidOperationException($"Nothing listened on 127.0.0.1:{port} within {StartDeadline.TotalSeconds} s.\n{Output()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }
}
