using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LlmGateway.Tests.Infrastructure;

/// <summary>
/// A real Kestrel server on 127.0.0.1 standing in for an OpenAI-compatible upstream: it records the exact
/// request it received and answers with whatever the test scripted (canned JSON, SSE frames, errors).
/// </summary>
public sealed class FakeUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly TaskCompletionSource _aborted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private FakeUpstream(WebApplication app) => _app = app;

    /// <summary>What the next requests get; replace it any time.</summary>
    public Func<RecordedRequest, HttpContext, Task> Handler { get; set; } = (_, context) => Json(context, 200, "{}");

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    public RecordedRequest LastRequest => _requests.Last();

    public string BaseUrl { get; private set; } = "";

    /// <summary>Completes when any request's connection is aborted by the caller (the gateway).</summary>
    public Task Aborted => _aborted.Task;

    public static async Task<FakeUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = null);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var upstream = new FakeUpstream(app);
        app.Run(upstream.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        upstream.BaseUrl = address + "/v1";
        return upstream;
    }

    public static async Task Json(HttpContext context, int status, string json, IDictionary<string, string>? headers = null)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        await context.Response.WriteAsync(json);
    }

    /// <summary>Writes each string as one SSE <c>data:</c> frame, flushing after each, then ends the response.</summary>
    public static async Task Sse(HttpContext context, params string[] frames)
    {
        await StartSse(context);
        foreach (var frame in frames)
        {
            await SseFrame(context, frame);
        }
    }

    public static async Task StartSse(HttpContext context)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/event-stream";
        await context.Response.StartAsync();
        await context.Response.Body.FlushAsync();
    }

    public static async Task SseFrame(HttpContext context, string data)
    {
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes("data: " + data + "\n\n"));
        await context.Response.Body.FlushAsync();
    }

    /// <summary>Writes each JSON event as Anthropic does, <c>event: &lt;its type&gt;</c> then <c>data:</c>, flushing after each.</summary>
    public static async Task AnthropicSse(HttpContext context, params string[] events)
    {
        await StartSse(context);
        foreach (var data in events)
        {
            await SseEvent(context, AnthropicEventType(data), data);
        }
    }

    /// <summary>Writes each JSON event as OpenAI's Responses API does, <c>event: &lt;its type&gt;</c> then <c>data:</c>, flushing after each.</summary>
    public static Task ResponsesSse(HttpContext context, params string[] events) => AnthropicSse(context, events);

    /// <summary>One SSE event with an <c>event:</c> line, then a flush.</summary>
    public static async Task SseEvent(HttpContext context, string eventType, string data)
    {
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes("event: " + eventType + "\ndata: " + data + "\n\n"));
        await context.Response.Body.FlushAsync();
    }

    /// <summary>The JSON <c>type</c> of an Anthropic event, which is also its event name.</summary>
    public static string AnthropicEventType(string data)
    {
        using var document = System.Text.Json.JsonDocument.Parse(data);
        return document.RootElement.GetProperty("type").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        context.RequestAborted.Register(() => _aborted.TrySetResult());
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
        var recorded = new RecordedRequest(context.Request.Method, context.Request.Path + context.Request.QueryString, headers, body.ToArray());
        _requests.Enqueue(recorded);
        await Handler(recorded, context);
    }
}
