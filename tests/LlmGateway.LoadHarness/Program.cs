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

HarnessReport report;
try
{
    var runner = await HarnessRunner.StartAsync(options, Console.Error);
    await using (runner)
    {
        report = await runner.RunAsync();
    }
}
catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or IOException)
{
    // The gateway answered a probe wrongly or could not be reached: a correctness failure, not a timing one.
    Console.Error.WriteLine("Load harness failed: " + ex.Message);
    return 1;
}

report.WriteMarkdown(Console.Out);
return report.ExitCode;
