using System.Buffers;
using System.Collections.Concurrent;
using LlmGateway.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LlmGateway.LoadHarness;

/// <summary>
/// A loopback upstream with no artificial delay and as little work as possible: it drains the request body, looks
/// for <c>"stream":true</c>, and writes precomputed bytes. <c>POST /v1/messages</c> answers like Anthropic's
/// Messages API, <c>POST /v1/chat/completions</c> like OpenAI's Chat Completions. Under <c>/held/</c> the same
/// streams wait at <see cref="Gate"/> after their first frames (for the fan-out scenario).
/// </summary>
internal sealed class MockUpstream : IAsyncDisposable
{
    private static readonly byte[] StreamTrue = "\"stream\":true"u8.ToArray();
    private readonly WebApplication _app;
    private readonly MockResponses _responses;
    private long _framesSent;
    private long _heldCompleted;

    private MockUpstream(WebApplication app, MockResponses responses)
    {
        _app = app;
        _responses = responses;
    }

    /// <summary>The root URL, e.g. <c>http://127.0.0.1:40001/</c>.</summary>
    public Uri BaseUri { get; private set; } = null!;

    public StreamGate Gate { get; } = new();

    /// <summary>When set, the first request body seen per path and stream flag is kept in <see cref="Captured"/>.</summary>
    public bool Capture { get; set; }

    /// <summary>Request bodies kept while <see cref="Capture"/> was on, by <c>path</c> or <c>path stream</c>.</summary>
    public ConcurrentDictionary<string, byte[]> Captured { get; } = new(StringComparer.Ordinal);

    /// <summary>Stream frames written under <c>/held/</c> since the last <see cref="ResetHeldCounters"/>.</summary>
    public long HeldFramesSent => Interlocked.Read(ref _framesSent);

    /// <summary>Streams under <c>/held/</c> that wrote their last frame since the last <see cref="ResetHeldCounters"/>.</summary>
    public long HeldStreamsCompleted => Interlocked.Read(ref _heldCompleted);

    public static async Task<MockUpstream> StartAsync(MockResponses responses)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.UseSockets(sockets => sockets.Backlog = 4096);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null;
        });
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var mock = new MockUpstream(app, responses);
        app.Run(mock.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        mock.BaseUri = new Uri(app.Addresses().First() + "/");
        return mock;
    }

    public void ResetHeldCounters()
    {
        Interlocked.Exchange(ref _framesSent, 0);
        Interlocked.Exchange(ref _heldCompleted, 0);
    }

    public async ValueTask DisposeAsync()
    {
        Gate.Open();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        var held = path.StartsWith("/held/", StringComparison.Ordinal);
        var anthropic = path.EndsWith("/v1/messages", StringComparison.Ordinal);
        if (!anthropic && !path.EndsWith("/v1/chat/completions", StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var stream = await ReadBodyAsync(context, path).ConfigureAwait(false);
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        if (!stream)
        {
            var body = anthropic ? _responses.AnthropicMessage : _responses.OpenAICompletion;
            response.ContentType = "application/json";
            response.ContentLength = body.Length;
            await response.BodyWriter.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        var frames = anthropic ? _responses.AnthropicFrames : _responses.OpenAIFrames;
        var leading = held ? (anthropic ? MockResponses.AnthropicLeadingFrames : MockResponses.OpenAILeadingFrames) : 0;
        for (var i = 0; i < frames.Count; i++)
        {
            if (held && i == leading)
            {
                await Gate.ArriveAsync().WaitAsync(context.RequestAborted).ConfigureAwait(false);
            }

            // PipeWriter.WriteAsync writes and flushes: one frame, one flush, as a real upstream streams.
            await response.BodyWriter.WriteAsync(frames[i], context.RequestAborted).ConfigureAwait(false);
            if (held)
            {
                Interlocked.Increment(ref _framesSent);
            }
        }

        if (held)
        {
            Interlocked.Increment(ref _heldCompleted);
        }
    }

    /// <summary>Reads the whole body without copying it and says whether it asks for a stream.</summary>
    private async Task<bool> ReadBodyAsync(HttpContext context, string path)
    {
        var reader = context.Request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(context.RequestAborted).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (!result.IsCompleted)
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                continue;
            }

            var stream = Contains(buffer, StreamTrue);
            if (Capture)
            {
                Captured.TryAdd(stream ? path + " stream" : path, buffer.ToArray());
            }

            reader.AdvanceTo(buffer.End);
            return stream;
        }
    }

    private static bool Contains(ReadOnlySequence<byte> buffer, byte[] value)
    {
        if (buffer.IsSingleSegment)
        {
            return buffer.FirstSpan.IndexOf(value) >= 0;
        }

        var length = checked((int)buffer.Length);
        var copy = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            buffer.CopyTo(copy);
            return copy.AsSpan(0, length).IndexOf(value) >= 0;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }
}
