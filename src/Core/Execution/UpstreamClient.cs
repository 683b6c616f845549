using System.Net.Http.Headers;
using LlmGateway.Credentials;
using LlmGateway.Http;
using LlmGateway.Providers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LlmGateway.Execution;

/// <summary>
/// Sends one request to an upstream and waits for its response headers, within the provider's connect and
/// first-byte timeouts. Network failures become 502 and timeouts 504, with messages that hold no key or URL.
/// </summary>
internal sealed partial class UpstreamClient(ILogger<UpstreamClient> logger, TimeProvider timeProvider)
{
    public const string UnreachableCode = "upstream_unreachable";
    public const string TimeoutCode = "upstream_timeout";

    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json");
    private static readonly MediaTypeWithQualityHeaderValue AcceptSse = new("text/event-stream");
    private static readonly MediaTypeWithQualityHeaderValue AcceptJson = new("application/json");

    public async Task<UpstreamCall> SendAsync(
        UpstreamProvider provider,
        UpstreamCredential credential,
        Uri uri,
        ReadOnlyMemory<byte> body,
        bool stream,
        IHeaderDictionary? clientHeaders,
        CancellationToken clientAborted)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, uri);
        request.Content = new ReadOnlyMemoryContent(body);
        request.Content.Headers.ContentType = JsonContentType;
        request.Headers.Accept.Add(stream ? AcceptSse : AcceptJson);
        await provider.Dialect!.PrepareAsync(request, credential, provider, clientHeaders, clientAborted).ConfigureAwait(false);

        // Two clocks on the injected time provider: the whole call (total), and the current wait (first byte, then
        // idle between chunks); the client leaving cancels too.
        var total = new CancellationTokenSource(provider.TotalTimeout, timeProvider);
        var timeout = new CancellationTokenSource(provider.FirstByteTimeout, timeProvider);
        var linked = CancellationTokenSource.CreateLinkedTokenSource(clientAborted, total.Token, timeout.Token);
        try
        {
            var response = await provider.Invoker!.SendAsync(request, linked.Token).ConfigureAwait(false);
            timeout.CancelAfter(provider.IdleTimeout);
            return new UpstreamCall(provider, credential, response, new CallTimeouts(linked, timeout, total), clientAborted);
        }
        catch (OperationCanceledException) when (!clientAborted.IsCancellationRequested)
        {
            Dispose(linked, timeout, total);
            LogTimeout(logger, provider.Name, credential.Id, provider.FirstByteTimeout.TotalSeconds);
            throw new GatewayErrorException(new GatewayError(
                StatusCodes.Status504GatewayTimeout,
                TimeoutCode,
                $"Upstream '{provider.Name}' did not answer within {Math.Min(provider.FirstByteTimeout.TotalSeconds, provider.TotalTimeout.TotalSeconds):0.###} s."));
        }
        catch (HttpRequestException ex)
        {
            Dispose(linked, timeout, total);
            LogUnreachable(logger, provider.Name, credential.Id, ex.HttpRequestError);
            throw new GatewayErrorException(new GatewayError(
                StatusCodes.Status502BadGateway,
                UnreachableCode,
                $"Upstream '{provider.Name}' is unreachable ({Describe(ex.HttpRequestError)})."));
        }
        catch
        {
            Dispose(linked, timeout, total);
            throw;
        }
    }

    private static void Dispose(CancellationTokenSource linked, CancellationTokenSource timeout, CancellationTokenSource total)
    {
        linked.Dispose();
        timeout.Dispose();
        total.Dispose();
    }

    private static string Describe(HttpRequestError error) => error switch
    {
        HttpRequestError.NameResolutionError => "its host name does not resolve",
        HttpRequestError.ConnectionError => "the connection failed",
        HttpRequestError.SecureConnectionError => "the TLS handshake failed",
        HttpRequestError.ResponseEnded => "it closed the connection before answering",
        HttpRequestError.InvalidResponse => "its response was not valid HTTP",
        HttpRequestError.ProxyTunnelError => "the proxy tunnel failed",
        _ => "the request failed",
    };

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Upstream {Provider} (credential {CredentialId}) gave no response headers within {Seconds} s")]
    private static partial void LogTimeout(ILogger logger, string provider, string credentialId, double seconds);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Upstream {Provider} (credential {CredentialId}) unreachable: {Error}")]
    private static partial void LogUnreachable(ILogger logger, string provider, string credentialId, HttpRequestError error);
}
