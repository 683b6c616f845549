using LlmGateway.Credentials;
using LlmGateway.Http;
using LlmGateway.Providers;

namespace LlmGateway.Execution;

/// <summary>
/// An upstream response whose headers have arrived, with the token that bounds reading its body: cancelled by
/// the client leaving, by the idle timeout (which <see cref="ResetIdleTimer"/> restarts after each chunk), or by
/// the provider's total timeout.
/// </summary>
internal sealed class UpstreamCall(
    UpstreamProvider provider,
    UpstreamCredential credential,
    HttpResponseMessage response,
    CallTimeouts timeouts,
    CancellationToken clientAborted) : IDisposable
{
    public UpstreamProvider Provider { get; } = provider;

    public UpstreamCredential Credential { get; } = credential;

    public HttpResponseMessage Response { get; } = response;

    public CancellationToken Token => timeouts.Linked.Token;

    /// <summary>True when the token fired because the upstream went silent or ran out of time, not because the client left.</summary>
    public bool TimedOut => timeouts.Linked.IsCancellationRequested && !clientAborted.IsCancellationRequested;

    public void ResetIdleTimer() => timeouts.Wait.CancelAfter(Provider.IdleTimeout);

    /// <summary>The 504 for a timed-out read, naming which limit ran out.</summary>
    public GatewayError TimeoutError() => timeouts.Total.IsCancellationRequested
        ? new GatewayError(504, UpstreamClient.TimeoutCode, $"Upstream '{Provider.Name}' took longer than its total limit of {Provider.TotalTimeout.TotalSeconds:0.###} s.")
        : new GatewayError(504, UpstreamClient.TimeoutCode, $"Upstream '{Provider.Name}' sent nothing for {Provider.IdleTimeout.TotalSeconds:0.###} s.");

    public void Dispose()
    {
        Response.Dispose();
        timeouts.Dispose();
    }
}
