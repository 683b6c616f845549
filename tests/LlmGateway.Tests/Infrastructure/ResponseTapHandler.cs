using System.Text;

namespace LlmGateway.Tests.Infrastructure;

/// <summary>
/// Sits under an SDK client and keeps a copy of the gateway's last response body as the SDK reads it, so that a test
/// can check the raw stream (event names, sequence numbers) behind what the SDK parsed.
/// </summary>
public sealed class ResponseTapHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    private MemoryStream _body = new();

    /// <summary>The last response body, as far as the client has read it.</summary>
    public string ResponseBody => Encoding.UTF8.GetString(_body.ToArray());

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        _body = new MemoryStream();
        var inner = await response.Content.ReadAsStreamAsync(cancellationToken);
        var tapped = new StreamContent(new TeeStream(inner, _body));
        foreach (var header in response.Content.Headers)
        {
            tapped.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        response.Content = tapped;
        return response;
    }
}
