using LlmGateway.LoadHarness;

HarnessOptions options;
try
{
    options = HarnessOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(HarnessOptions.Usage);
    return 64;
}

if (options.Help)
{
    Console.WriteLine(HarnessOptions.Usage);
    return 0;
}

var runner = await HarnessRunner.StartAsync(options, Console.Error);
HarnessReport report;
await using (runner)
{
    report = await runner.RunAsync();
}

report.WriteMarkdown(Console.Out);
return report.ExitCode;
