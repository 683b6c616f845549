using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace LlmGateway.Tests.Infrastructure;

/// <summary>
/// An Azure.Core transport that passes requests on to the real one until <see cref="Down"/> is set (or
/// <see cref="FailWhen"/> matches a request), and then fails each attempt as a refused connection does (a
/// <see cref="RequestFailedException"/> with status 0), so a test can take storage away and bring it back.
/// </summary>
internal sealed class SwitchableTransport : HttpPipelineTransport
{
    private readonly HttpPipelineTransport _inner = new HttpClientTransport();
    private int _failed;

    public bool Down { get; set; }

    /// <summary>Fails only the requests it matches (e.g. those to one table), while <see cref="Down"/> is false.</summary>
    public Func<Request, bool>? FailWhen { get; set; }

    /// <summary>Attempts refused while <see cref="Down"/>.</summary>
    public int Failed => Volatile.Read(ref _failed);

    public override Request CreateRequest() => _inner.CreateRequest();

    public override void Process(HttpMessage message)
    {
        ThrowIfDown(message.Request);
        _inner.Process(message);
    }

    public override ValueTask ProcessAsync(HttpMessage message)
    {
        ThrowIfDown(message.Request);
        return _inner.ProcessAsync(message);
    }

    private void ThrowIfDown(Request request)
    {
        if (Down || FailWhen?.Invoke(request) == true)
        {
            Interlocked.Increment(ref _failed);
            throw new RequestFailedException(0, "Connection refused (fake outage)", new HttpRequestException("Connection refused (fake outage)"));
        }
    }
}
