using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/LlmGateway.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
