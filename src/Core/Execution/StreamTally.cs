using LlmGateway.Translation;
using LlmGateway.Usage;

namespace LlmGateway.Execution;

/// <summary>What a hub stream reported, for the usage record: usage, time to first event, and how it ended.</summary>
internal sealed class StreamTally(TimeProvider timeProvider)
{
    private readonly long _started = timeProvider.GetTimestamp();

    public TokenUsage? Usage { get; private set; }

    public TimeSpan? TimeToFirstEvent { get; private set; }

    public string? ErrorClass { get; private set; }

    public bool Finished { get; private set; }

    public void Observe(StreamEvent streamEvent)
    {
        TimeToFirstEvent ??= timeProvider.GetElapsedTime(_started);
        switch (streamEvent)
        {
            case UsageReported usage:
                Usage = usage.Usage;
                break;
            case ResponseFinished:
                Finished = true;
                break;
            case StreamFailed failed:
                ErrorClass = failed.Error.Code;
                break;
        }
    }
}
