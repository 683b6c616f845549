using System.Net;
using System.Text;
using Azure.Core.Pipeline;
using LlmGateway.Storage.Tables;

namespace LlmGateway.Tests.Unit.Storage;

/// <summary>
/// A fake table service under the client's pipeline: records each request exactly as it would go on the wire
/// (method, URL, every header, body) and answers with what the test says.
/// </summary>
internal sealed class StubTableHandler(Func<HttpRequestMessage, int, HttpResponseMessage> respond) : HttpMessageHandler
{
    private readonly List<RecordedTableRequest> _requests = [];

    public StubTableHandler(HttpStatusCode status, string? json = null)
        : this((_, _) => Response(status, json))
    {
    }

    public IReadOnlyList<RecordedTableRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Client options whose transport is this handler, with retries that do not wait.</summary>
    public TableStoreClientOptions Options()
    {
        var options = new TableStoreClientOptions { Transport = new HttpClientTransport(new HttpClient(this)) };
        options.Retry.Delay = TimeSpan.FromMilliseconds(1);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(1);
        return options;
    }

    public static HttpResponseMessage Response(HttpStatusCode status, string? json = null, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status);
        if (json is not null)
        {
            response.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers)
        {
            headers[name] = string.Join(",", values);
        }

        var body = string.Empty;
        if (request.Content is not null)
        {
            foreach (var (name, values) in request.Content.Headers)
            {
                headers[name] = string.Join(",", values);
            }

            body = await request.Content.ReadAsStringAsync(cancellationToken);
        }

        int index;
        lock (_requests)
        {
            index = _requests.Count;
            _requests.Add(new RecordedTableRequest(request.Method.Method, request.RequestUri!, headers, body));
        }

        return respond(request, index);
    }
}
