using System.Globalization;

namespace LlmGateway.LoadHarness;

/// <summary>Command-line options. Defaults are the full run (about 2 minutes on the 2-core build machine).</summary>
internal sealed class HarnessOptions
{
    public const string Usage = """
        Usage: dotnet run --project tests/LlmGateway.LoadHarness -c Release -- [options]

          --quick             small counts (CI smoke test, well under 30 s)
          --scenario NAME     run only NAME (repeatable or comma-separated): translated, passthrough,
                              stream-translated, stream-passthrough, fanout
          --requests N        measured requests per path at every concurrency (default 2,000 at c=1, 20,000 at c=200)
          --concurrency N     concurrent clients (repeatable or comma-separated; default 1 and 200)
          --streams N         concurrent streams in the fan-out scenario (default 1,000)
          --deltas N          text deltas per mock stream (default 20)
          --rounds N          measured rounds per scenario; each round runs direct, bare proxy and gateway in turn (default 4)
          --no-proxy          skip the bare-proxy baseline
          --strict            exit 2 when a performance target is missed (default: report only)
          --help              this text

        Exit codes: 0 success; 1 correctness failure (failed requests, lost frames, unterminated streams);
        2 a target missed with --strict; 64 bad arguments.
        """;

    private int? _rounds;

    public bool Quick { get; private set; }

    public bool Strict { get; private set; }

    public bool Help { get; private set; }

    public bool BareProxy { get; private set; } = true;

    public HashSet<string> Scenarios { get; } = new(StringComparer.OrdinalIgnoreCase);

    public List<int> Concurrencies { get; } = [];

    public int? Requests { get; private set; }

    public int Streams { get; private set; } = 1000;

    public int Deltas { get; private set; } = 20;

    /// <summary>Measured rounds per scenario and concurrency (default 4, 2 with <c>--quick</c>).</summary>
    public int Rounds => _rounds ?? (Quick ? 2 : 4);

    public bool Runs(string scenario) => Scenarios.Count == 0 || Scenarios.Contains(scenario);

    public IReadOnlyList<int> ConcurrencyLevels => Concurrencies.Count > 0 ? Concurrencies : [1, 200];

    /// <summary>Measured requests per path at <paramref name="concurrency"/>.</summary>
    public int RequestsAt(int concurrency) => Requests ?? (Quick
        ? (concurrency <= 1 ? 300 : Math.Max(2_000, concurrency * 10))
        : (concurrency <= 1 ? 2_000 : Math.Max(20_000, concurrency * 50)));

    /// <summary>Unmeasured requests per path before measuring at <paramref name="concurrency"/>.</summary>
    public int WarmupAt(int concurrency) => Quick ? Math.Max(50, concurrency) : Math.Max(300, concurrency * 5);

    public static HarnessOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new HarnessOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "--quick":
                    options.Quick = true;
                    break;
                case "--strict":
                    options.Strict = true;
                    break;
                case "--no-proxy":
                    options.BareProxy = false;
                    break;
                case "--help" or "-h" or "-?":
                    options.Help = true;
                    break;
                case "--scenario":
                    foreach (var name in Value(args, ref i).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        if (name != Scenario.FanOutName && !Scenario.All.Any(s => s.Name.Equals(name, StringComparison.OrdinalIgnoreCase)))
                        {
                            throw new ArgumentException($"Unknown scenario '{name}'.");
                        }

                        options.Scenarios.Add(name);
                    }

                    break;
                case "--concurrency":
                    foreach (var level in Value(args, ref i).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        options.Concurrencies.Add(Positive(arg, level));
                    }

                    break;
                case "--requests":
                    options.Requests = Positive(arg, Value(args, ref i));
                    break;
                case "--streams":
                    options.Streams = Positive(arg, Value(args, ref i));
                    break;
                case "--deltas":
                    options.Deltas = Positive(arg, Value(args, ref i));
                    break;
                case "--rounds":
                    options._rounds = Positive(arg, Value(args, ref i));
                    break;
                default:
                    throw new ArgumentException($"Unknown option '{arg}'.");
            }
        }

        return options;
    }

    private static string Value(IReadOnlyList<string> args, ref int i) =>
        ++i < args.Count ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value.");

    private static int Positive(string option, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{option} needs a positive whole number, not '{value}'.");
}
