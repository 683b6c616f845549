using LlmGateway.Configuration;
using LlmGateway.Credentials;
using LlmGateway.Http;
using LlmGateway.State;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LlmGateway.Execution;

/// <summary>
/// Turns upstream outcomes into credential health (<c>Gateway:Health</c>): 429 cools the (credential, model) pair
/// for the upstream's delay, else 1 s doubling per consecutive 429 up to 30 min; 401/402/403 take the whole
/// credential out; 404 takes the model out on that credential; 408, 5xx, timeouts and failed connections cool it
/// for 60 s (a failed connection the whole credential). Request faults change nothing. A success clears the pair.
/// Outcomes are also counted in <see cref="CredentialStats"/> (this instance's view, for the management API).
/// A 401 or 403 also tells the <see cref="ICredentialRefreshTrigger"/>, so a key rotated in Key Vault is picked up at once.
/// </summary>
internal sealed partial class HealthPolicy(
    ICredentialStateStore state,
    IOptions<GatewayOptions> options,
    TimeProvider timeProvider,
    ILogger<HealthPolicy> logger,
    CredentialStats? stats = null,
    ICredentialRefreshTrigger? refreshTrigger = null)
{
    private readonly HealthOptions _options = options.Value.Health;

    public void OnSuccess(UpstreamCredential credential, string model)
    {
        stats?.RecordSuccess(credential.Id);
        state.RecordSuccess(credential.Id, model);
    }

    /// <summary>An upstream HTTP error: classified, and the credential cooled down when it is at fault.</summary>
    public FailureVerdict OnFailure(UpstreamCredential credential, string model, UpstreamFailure failure, GatewayError translated)
    {
        var status = failure.Status;
        if (translated.Code == GatewayError.ContextLengthExceeded)
        {
            return FailureVerdict.RequestFault;
        }

        switch (status)
        {
            case StatusCodes.Status429TooManyRequests:
                var previous = state.Get(credential.Id, model);
                var strikes = (previous?.Strikes ?? 0) + 1;
                var delay = failure.CooldownHint is { } hint && hint > TimeSpan.Zero
                    ? hint
                    : TimeSpan.FromSeconds(Math.Min(_options.RateLimitMaxSeconds, _options.RateLimitInitialSeconds * Math.Pow(2, Math.Min(strikes - 1, 30))));
                CoolDown(credential, model, delay, "rate limited (429)", status, strikes);
                return FailureVerdict.Retry;
            case StatusCodes.Status401Unauthorized or StatusCodes.Status402PaymentRequired or StatusCodes.Status403Forbidden:
                CoolDown(credential, Cooldown.AllModels, TimeSpan.FromSeconds(_options.AuthFailureSeconds), $"key rejected ({status})", status, 0);
                if (status != StatusCodes.Status402PaymentRequired)
                {
                    refreshTrigger?.KeyRejected(credential);
                }

                return FailureVerdict.Retry;
            case StatusCodes.Status404NotFound:
                CoolDown(credential, model, TimeSpan.FromSeconds(_options.ModelNotFoundSeconds), "model not found (404)", status, 0);
                return FailureVerdict.Retry;
            case StatusCodes.Status408RequestTimeout or >= 500:
                CoolDown(credential, model, TimeSpan.FromSeconds(_options.ServerErrorSeconds), $"upstream error ({status})", status, 0);
                return FailureVerdict.Retry;
            default:
                return FailureVerdict.RequestFault;
        }
    }

    /// <summary>No usable answer: the connection failed (the whole credential's host) or the upstream timed out or broke off.</summary>
    public void OnTransportFailure(UpstreamCredential credential, string model, GatewayError error)
    {
        var connection = error.Code == UpstreamClient.UnreachableCode;
        CoolDown(credential, connection ? Cooldown.AllModels : model, TimeSpan.FromSeconds(_options.ServerErrorSeconds), error.Code, error.Status, 0, error.Code);
    }

    private void CoolDown(UpstreamCredential credential, string model, TimeSpan delay, string reason, int status, int strikes, string? errorClass = null)
    {
        var now = timeProvider.GetUtcNow();
        var until = now + delay;
        stats?.RecordFailure(credential.Id, errorClass ?? $"upstream_{status}", status, now);
        LogCooldown(logger, credential.Id, model, delay.TotalSeconds, reason);
        state.SetCooldown(new Cooldown(credential.Id, model, until, reason, status, strikes));
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Credential {CredentialId} cooling down for model {Model} for {Seconds} s: {Reason}")]
    private static partial void LogCooldown(ILogger logger, string credentialId, string model, double seconds, string reason);
}
