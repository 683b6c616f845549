using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using LlmGateway.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LlmGateway.LoadHarness;

/// <summary>
/// The floor for any gateway on this machine: a minimal Kestrel app that forwards the request bytes, unchanged, to
/// the same path on the mock with <see cref="HttpMessageInvoker"/> and copies the answer back (one write, hence
/// one flush, per read, so streams stay streams). No routing, parsing, auth or translation: what it adds over a
/// direct call is the extra hop itself (a second HTTP server and client in the path).
/// </summary>
internal sealed class BareProxy : IAsyncDisposable
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json");
    private readonly WebApplication _app;
    private readonly HttpMessageInvoker _upstream;
    private readonly Uri _upstreamBase;

    private BareProxy(WebApplication app, Uri upstreamBase)
    {
        _app = app;
        _upstreamBase = upstreamBase;
        // The same handler settings as the gateway's provider pools (ProviderRegistry).
        _upstream = new HttpMessageInvoker(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            AutomaticDecompression = DecompressionMethods.All,
            AllowAutoRedirect = false,
            UseCookies = false,
        });
    }

    public Uri BaseUri { get; private set; } = null!;

    public static async Task<BareProxy> StartAsync(Uri upstreamBase)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.UseSockets(sockets => sockets.Backlog = 4096);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var proxy = new BareProxy(app, upstreamBase);
        app.Run(proxy.ForwardAsync);
        await app.StartAsync().ConfigureAwait(false);
        proxy.BaseUri = new Uri(app.Addresses().First() + "/");
        return proxy;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _upstream.Dispose();
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var aborted = context.RequestAborted;
        var length = (int)(context.Request.ContentLength ?? 0);
        var body = ArrayPool<byte>.Shared.Rent(Math.Max(length, 4096));
        try
        {
            await context.Request.Body.ReadExactlyAsync(body.AsMemory(0, length), aborted).ConfigureAwait(false);
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_upstreamBase, context.Request.Path.Value))
            {
                Content = new ReadOnlyMemoryContent(body.AsMemory(0, length)),
            };
            request.Content.Headers.ContentType = JsonContentType;
            using var response = await _upstream.SendAsync(request, aborted).ConfigureAwait(false);
            context.Response.StatusCode = (int)response.StatusCode;
            context.Response.ContentType = response.Content.Headers.ContentType?.ToString();
            context.Response.ContentLength = response.Content.Headers.ContentLength;
            var upstream = await response.Content.ReadAsStreamAsync(aborted).ConfigureAwait(false);
            await using (upstream.ConfigureAwait(false))
            {
                int read;
                while ((read = await upstream.ReadAsync(body, aborted).ConfigureAwait(false)) > 0)
                {
                    await context.Response.BodyWriter.WriteAsync(body.AsMemory(0, read), aborted).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(body);
        }
    }
}
