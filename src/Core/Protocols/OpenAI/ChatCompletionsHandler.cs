using System.Buffers;
using System.Globalization;
using System.Net.ServerSentEvents;
using System.Text.Json;
using LlmGateway.Auth;
using LlmGateway.Configuration;
using LlmGateway.Execution;
using LlmGateway.Http;
using LlmGateway.Providers;
using LlmGateway.Routing;
using LlmGateway.State;
using LlmGateway.Usage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LlmGateway.Protocols.OpenAI;

/// <summary>
/// <c>POST /v1/chat/completions</c> to an OpenAI-compatible upstream: a pass-through that rewrites only the model
/// (and asks the upstream for usage), then relays the answer, stream or not.
/// </summary>
internal sealed partial class ChatCompletionsHandler(
    IOptions<GatewayOptions> options,
    ModelCatalog catalog,
    ProviderRegistry providers,
    CredentialSelector selector,
    ICredentialStateStore state,
    UpstreamClient upstreamClient,
    IUsageSink usage,
    TimeProvider timeProvider,
    ILogger<ChatCompletionsHandler> logger)
{
    private const long MaxResponseBytes = 64L * 1024 * 1024;
    private static readonly byte[] KeepAliveComment = ": keep-alive\n\n"u8.ToArray();
    private readonly GatewayOptions _options = options.Value;
    private readonly TimeSpan _keepAliveInterval = TimeSpan.FromSeconds(options.Value.KeepAliveSeconds);

    public async Task HandleAsync(HttpContext context, ClientIdentity client)
    {
        var started = timeProvider.GetTimestamp();
        var aborted = context.RequestAborted;
        using var body = await RequestBodyReader.ReadAsync(context, _options.MaxRequestBodyBytes, aborted).ConfigureAwait(false);
        using var document = ParseJson(body.Memory);
        var root = document.RootElement;
        var request = ChatRequestInfo.Read(root);
        var target = Resolve(request.Model);
        var provider = providers.Get(target.Provider);
        if (provider.ParameterPolicy?.Check(root, provider.Name) is { } unsupported)
        {
            throw new GatewayErrorException(unsupported);
        }

        var choice = selector.Select(provider.Name, target.Model);
        if (choice.Credential is not { } credential)
        {
            throw new GatewayErrorException(AllCoolingDown(provider.Name, target.Model, choice.RetryAt));
        }

        var record = new UsageRecord
        {
            Time = timeProvider.GetUtcNow(),
            ClientKey = client.KeyName,
            Endpoint = "chat/completions",
            ModelRequested = request.Model,
            Provider = provider.Name,
            CredentialId = credential.Id,
            ModelServed = target.Model,
            Status = 0,
            Stream = request.Stream,
        };

        using var upstreamBody = ChatRequestRewriter.Rewrite(body.Memory, root, target.Model, request.Stream);
        try
        {
            using var call = await upstreamClient.SendAsync(provider, credential, provider.ChatCompletionsUri, upstreamBody.Memory, request.Stream, aborted)
                .ConfigureAwait(false);
            if (!call.Response.IsSuccessStatusCode)
            {
                var failure = await UpstreamFailure.ReadAsync(call, timeProvider).ConfigureAwait(false);
                OnFailure(call, target.Model, failure);
                record = record with { Status = failure.Status, ErrorClass = "upstream_" + failure.Status.ToString(CultureInfo.InvariantCulture) };
                await WriteFailureAsync(context, failure, provider.Name).ConfigureAwait(false);
                return;
            }

            state.RecordSuccess(credential.Id, target.Model);
            record = request.Stream
                ? await StreamAsync(context, call, request, record).ConfigureAwait(false)
                : await CompleteAsync(context, call, record).ConfigureAwait(false);
        }
        catch (GatewayErrorException ex)
        {
            record = record with { Status = ex.Error.Status, ErrorClass = ex.Error.Code };
            throw;
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            record = record with { Status = 499, ErrorClass = "client_disconnected" };
            throw;
        }
        finally
        {
            usage.Record(record with { LatencyMs = timeProvider.GetElapsedTime(started).TotalMilliseconds });
        }
    }

    private static JsonDocument ParseJson(ReadOnlyMemory<byte> body)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new GatewayErrorException(GatewayError.BadRequest(
                $"We could not parse the JSON body of your request: {ex.Message}", null, "invalid_json"));
        }
    }

    private ModelTarget Resolve(string model)
    {
        var resolution = catalog.Resolve(model);
        return resolution.Status switch
        {
            ModelResolutionStatus.Found => resolution.Targets[0],
            ModelResolutionStatus.Ambiguous => throw new GatewayErrorException(GatewayError.BadRequest(
                $"The model '{model}' is served by several providers; use one of: {string.Join(", ", resolution.Candidates)}.",
                "model", "model_ambiguous")),
            _ => throw new GatewayErrorException(new GatewayError(404, "model_not_found",
                $"The model '{model}' does not exist on this gateway. Known models: {KnownModels()}.", "model")),
        };
    }

    private string KnownModels()
    {
        const int Shown = 50;
        var ids = catalog.Models.Select(m => m.Id).Take(Shown + 1).ToList();
        return ids.Count > Shown ? string.Join(", ", ids.Take(Shown)) + ", ... (GET /v1/models lists them all)" : string.Join(", ", ids);
    }

    private GatewayError AllCoolingDown(string provider, string model, DateTimeOffset? retryAt)
    {
        var seconds = retryAt is { } at ? (int)Math.Ceiling(Math.Max(1, (at - timeProvider.GetUtcNow()).TotalSeconds)) : 1;
        return new GatewayError(429, "all_credentials_cooling_down",
            $"Every credential of provider '{provider}' is cooling down for model '{model}'; retry after {retryAt:O}.")
        { RetryAfterSeconds = seconds };
    }

    private void OnFailure(UpstreamCall call, string model, UpstreamFailure failure)
    {
        LogUpstreamFailure(logger, call.Provider.Name, call.Credential.Id, model, failure.Status);
        if (failure.Status == StatusCodes.Status429TooManyRequests && failure.RetryAfter is { } delay && delay > TimeSpan.Zero)
        {
            state.SetCooldown(call.Credential.Id, model, timeProvider.GetUtcNow() + delay, "upstream 429 with Retry-After");
        }
    }

    private static async Task WriteFailureAsync(HttpContext context, UpstreamFailure failure, string provider)
    {
        if (!failure.IsJsonError)
        {
            await OpenAIErrors.WriteAsync(context, failure.ToGatewayError(provider)).ConfigureAwait(false);
            return;
        }

        var response = context.Response;
        response.StatusCode = failure.Status;
        response.ContentType = "application/json";
        if (failure.RetryAfterSeconds is { } retryAfter)
        {
            response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        }

        await response.Body.WriteAsync(failure.Body, context.RequestAborted).ConfigureAwait(false);
    }

    private async Task<UsageRecord> CompleteAsync(HttpContext context, UpstreamCall call, UsageRecord record)
    {
        using var body = await UpstreamBody.ReadAsync(call, MaxResponseBytes).ConfigureAwait(false);
        var info = ChatChunkInfo.Read(body.Span);
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = call.Response.Content.Headers.ContentType?.ToString() ?? "application/json";
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body.Memory, context.RequestAborted).ConfigureAwait(false);
        return record with { Status = 200, Tokens = info.Usage ?? default };
    }

    private async Task<UsageRecord> StreamAsync(HttpContext context, UpstreamCall call, ChatRequestInfo request, UsageRecord record)
    {
        var mediaType = call.Response.Content.Headers.ContentType?.MediaType;
        if (!string.Equals(mediaType, "text/event-stream", StringComparison.OrdinalIgnoreCase))
        {
            throw new GatewayErrorException(new GatewayError(502, "upstream_not_streaming",
                $"Upstream '{call.Provider.Name}' answered a stream request with '{mediaType}' instead of an event stream."));
        }

        var upstream = await call.Response.Content.ReadAsStreamAsync(call.Token).ConfigureAwait(false);
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        var relay = new ChatStreamRelay(call, request.IncludeUsage, timeProvider);
        var output = new KeepAliveStream(response.Body, KeepAliveComment, _keepAliveInterval, timeProvider, context.RequestAborted);
        await using (output.ConfigureAwait(false))
        await using (upstream.ConfigureAwait(false))
        {
            await SseFormatter.WriteAsync(
                relay.RelayAsync(upstream, context.RequestAborted),
                output,
                static (item, writer) => writer.Write(item.Data.Span),
                context.RequestAborted).ConfigureAwait(false);
        }

        return record with
        {
            Status = 200,
            Tokens = relay.Usage ?? default,
            TimeToFirstTokenMs = relay.TimeToFirstChunk?.TotalMilliseconds,
            ErrorClass = relay.ErrorClass,
        };
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Upstream {Provider} (credential {CredentialId}) answered {Status} for model {Model}")]
    private static partial void LogUpstreamFailure(ILogger logger, string provider, string credentialId, string model, int status);
}
