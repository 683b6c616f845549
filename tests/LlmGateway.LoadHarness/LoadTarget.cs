using System.Net;
using System.Net.Http.Headers;

namespace LlmGateway.LoadHarness;

/// <summary>
/// One way to send a scenario's request: straight to the mock, through the bare proxy, or through the gateway. The
/// body and headers are built once; <see cref="Tail"/> is how a complete answer ends (checked on every response).
/// </summary>
internal sealed class LoadTarget(string name, HttpMessageInvoker client, Uri uri, byte[] body, IReadOnlyList<KeyValuePair<string, string>> headers, byte[] tail)
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json");

    public string Name { get; } = name;

    public HttpMessageInvoker Client { get; } = client;

    public byte[] Tail { get; } = tail;

    public int BodyLength => body.Length;

    public HttpRequestMessage CreateRequest()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ReadOnlyMemoryContent(body),
        };
        request.Content.Headers.ContentType = JsonContentType;
        foreach (var (header, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(header, value);
        }

        return request;
    }
}
