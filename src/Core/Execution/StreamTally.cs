using LlmGateway.Translation;
using LlmGateway.Usage;

namespace LlmGateway.Execution;

/// <summary>
/// What a stream reported, for the usage record and the retry decision: usage, time to the first upstream event,
/// and how it ended. A stream that failed before any upstream event (<see cref="FailedBeforeFirstEvent"/>) has
/// shown the client nothing worth keeping, so the request may still go to another credential.
/// </summary>
internal sealed class StreamTally(TimeProvider timeProvider)
{
    private readonly long _started = timeProvider.GetTimestamp();

    public TokenUsage? Usage { get; private set; }

    public TimeSpan? TimeToFirstEvent { get; private set; }

    public string? ErrorClass { get; private set; }

    public Http.GatewayError? Failure { get; private set; }

    public bool Finished { get; private set; }

    public bool FailedBeforeFirstEvent => TimeToFirstEvent is null && Failure is not null;

    public void Observe(StreamEvent streamEvent)
    {
        switch (streamEvent)
        {
            case StreamFailed failed:
                Fail(failed.Error);
                return;
            case UsageReported usage:
                Usage = usage.Usage;
                break;
            case ResponseFinished:
                Finished = true;
                break;
        }

        MarkEvent();
    }

    /// <summary>An upstream event arrived (relays that do not decode into hub events call this directly).</summary>
    public void MarkEvent() => TimeToFirstEvent ??= timeProvider.GetElapsedTime(_started);

    public void SetUsage(TokenUsage usage) => Usage = usage;

    public void MarkFinished() => Finished = true;

    public void Fail(Http.GatewayError error)
    {
        Failure ??= error;
        ErrorClass ??= error.Code;
    }
}
