namespace LlmGateway.Usage;

/// <summary>Running totals, safe to add to from many threads.</summary>
internal sealed class UsageTotals
{
    private long _requests;
    private long _errors;
    private long _input;
    private long _output;
    private long _cached;
    private long _reasoning;

    public long Requests => Interlocked.Read(ref _requests);

    public long Errors => Interlocked.Read(ref _errors);

    public TokenUsage Tokens => new(Interlocked.Read(ref _input), Interlocked.Read(ref _output), Interlocked.Read(ref _cached), Interlocked.Read(ref _reasoning));

    public void Add(UsageRecord record)
    {
        Interlocked.Increment(ref _requests);
        if (record.ErrorClass is not null)
        {
            Interlocked.Increment(ref _errors);
        }

        Interlocked.Add(ref _input, record.Tokens.Input);
        Interlocked.Add(ref _output, record.Tokens.Output);
        Interlocked.Add(ref _cached, record.Tokens.Cached);
        Interlocked.Add(ref _reasoning, record.Tokens.Reasoning);
    }
}
