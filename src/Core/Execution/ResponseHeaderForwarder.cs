using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;

namespace LlmGateway.Execution;

/// <summary>
/// Copies the upstream response headers an operator allowed (<c>Gateway:ForwardResponseHeaders</c>, e.g.
/// <c>x-request-id</c>) onto the client's response. Hop-by-hop headers, cookies, authentication challenges and
/// framing headers are never copied, whatever the list says.
/// </summary>
internal sealed class ResponseHeaderForwarder
{
    private static readonly FrozenSet<string> Never = new[]
    {
        "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade",
        "set-cookie", "www-authenticate", "authorization", "x-api-key", "x-goog-api-key", "api-key",
        "content-length", "content-type", "content-encoding", "server", "date", "alt-svc",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private readonly string[] _allowed;

    public ResponseHeaderForwarder(IEnumerable<string> allowed)
    {
        _allowed = allowed.Where(h => !string.IsNullOrWhiteSpace(h) && !Never.Contains(h)).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
    }

    public static bool IsForbidden(string header) => Never.Contains(header);

    public void Copy(HttpResponseMessage upstream, HttpResponse response)
    {
        if (_allowed.Length == 0 || response.HasStarted)
        {
            return;
        }

        foreach (var name in _allowed)
        {
            if (upstream.Headers.TryGetValues(name, out var values) || upstream.Content.Headers.TryGetValues(name, out values))
            {
                response.Headers[name] = values.ToArray();
            }
        }
    }
}
