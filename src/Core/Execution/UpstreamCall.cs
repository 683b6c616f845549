using LlmGateway.Credentials;
using LlmGateway.Providers;

namespace LlmGateway.Execution;

/// <summary>
/// An upstream response whose headers have arrived, with the token that bounds reading its body: cancelled by
/// the client leaving or by the idle timeout, which <see cref="ResetIdleTimer"/> restarts after each chunk.
/// </summary>
internal sealed class UpstreamCall(
    UpstreamProvider provider,
    UpstreamCredential credential,
    HttpResponseMessage response,
    CancellationTokenSource timeout,
    CancellationToken clientAborted) : IDisposable
{
    public UpstreamProvider Provider { get; } = provider;

    public UpstreamCredential Credential { get; } = credential;

    public HttpResponseMessage Response { get; } = response;

    public CancellationToken Token => timeout.Token;

    /// <summary>True when the token fired because the upstream went silent, not because the client left.</summary>
    public bool TimedOut => timeout.IsCancellationRequested && !clientAborted.IsCancellationRequested;

    public void ResetIdleTimer() => timeout.CancelAfter(Provider.IdleTimeout);

    public void Dispose()
    {
        Response.Dispose();
        timeout.Dispose();
    }
}
