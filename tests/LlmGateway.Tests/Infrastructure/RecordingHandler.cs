using System.Net;
using System.Net.Http.Headers;

namespace LlmGateway.Tests.Infrastructure;

/// <summary>
/// Sits under an SDK client and records what it sent to the gateway (exact body bytes, headers, URL) and the
/// status and headers of the gateway's answer, which SDK exceptions do not expose.
/// </summary>
public sealed class RecordingHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    public Uri? RequestUri { get; private set; }

    public byte[] RequestBody { get; private set; } = [];

    public HttpRequestHeaders? RequestHeaders { get; private set; }

    public HttpStatusCode? Status { get; private set; }

    public HttpResponseHeaders? ResponseHeaders { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        RequestUri = request.RequestUri;
        RequestHeaders = request.Headers;
        RequestBody = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var response = await base.SendAsync(request, cancellationToken);
        Status = response.StatusCode;
        ResponseHeaders = response.Headers;
        return response;
    }
}
