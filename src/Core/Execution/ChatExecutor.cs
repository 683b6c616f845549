using System.Globalization;
using System.Text.Json;
using LlmGateway.Auth;
using LlmGateway.Configuration;
using LlmGateway.Credentials;
using LlmGateway.Http;
using LlmGateway.Providers;
using LlmGateway.Providers.Mock;
using LlmGateway.Routing;
using LlmGateway.State;
using LlmGateway.Translation;
using LlmGateway.Usage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LlmGateway.Execution;

/// <summary>
/// Serves one chat request for any inbound surface: resolves the model, picks a credential, then either relays
/// it in its own format (pass-through) or translates it through the hub — to an upstream or to the mock — and
/// records usage on every path.
/// </summary>
internal sealed partial class ChatExecutor(
    IOptions<GatewayOptions> options,
    ModelCatalog catalog,
    ProviderRegistry providers,
    CredentialSelector selector,
    ICredentialStateStore state,
    UpstreamClient upstreamClient,
    MockResponder mock,
    IUsageSink usage,
    TimeProvider timeProvider,
    ILogger<ChatExecutor> logger)
{
    internal const long MaxResponseBytes = 64L * 1024 * 1024;
    private readonly GatewayOptions _options = options.Value;

    public TimeSpan KeepAliveInterval { get; } = TimeSpan.FromSeconds(options.Value.KeepAliveSeconds);

    public async Task ExecuteAsync(HttpContext context, ClientIdentity client, IChatSurface surface)
    {
        var started = timeProvider.GetTimestamp();
        var aborted = context.RequestAborted;
        using var body = await RequestBodyReader.ReadAsync(context, _options.MaxRequestBodyBytes, aborted).ConfigureAwait(false);
        using var document = ParseJson(body.Memory);
        var root = document.RootElement;
        var basics = surface.ReadBasics(context.Request, root);
        var target = Resolve(basics.Model);
        var provider = providers.Get(target.Provider);

        CanonicalRequest? canonical = null;
        if (provider.Format != surface.Format)
        {
            canonical = surface.Decode(root, basics);
            if (provider.Options.MaxOutputTokens is { } ceiling && canonical.MaxTokens > ceiling)
            {
                canonical.MaxTokens = ceiling;
            }

            if (provider.IsMock && MockResponder.Check(canonical, provider.Name) is { } unsupported)
            {
                throw new GatewayErrorException(unsupported);
            }
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
            Endpoint = surface.Endpoint,
            ModelRequested = basics.Model,
            Provider = provider.Name,
            CredentialId = credential.Id,
            ModelServed = target.Model,
            Status = 0,
            Stream = basics.Stream,
        };
        try
        {
            record = canonical is null
                ? await surface.PassThroughAsync(new PassThroughRequest(context, body.Memory, root, basics, target, provider, credential, record)).ConfigureAwait(false)
                : provider.IsMock
                    ? await MockAsync(context, surface, canonical, provider, target, record).ConfigureAwait(false)
                    : await TranslateAsync(context, surface, canonical, provider, credential, target, record).ConfigureAwait(false);
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

    /// <summary>Records the outcome of an upstream's non-success answer: a 429 with a delay cools that key down.</summary>
    public void OnUpstreamFailure(UpstreamCall call, string model, UpstreamFailure failure)
    {
        LogUpstreamFailure(logger, call.Provider.Name, call.Credential.Id, model, failure.Status);
        if (failure.Status == StatusCodes.Status429TooManyRequests && failure.RetryAfter is { } delay && delay > TimeSpan.Zero)
        {
            state.SetCooldown(call.Credential.Id, model, timeProvider.GetUtcNow() + delay, "upstream 429 with Retry-After");
        }
    }

    public void OnUpstreamSuccess(UpstreamCall call, string model) => state.RecordSuccess(call.Credential.Id, model);

    internal static JsonDocument ParseJson(ReadOnlyMemory<byte> body)
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

    internal ModelTarget Resolve(string model)
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

    private async Task<UsageRecord> MockAsync(HttpContext context, IChatSurface surface, CanonicalRequest request, UpstreamProvider provider, ModelTarget target, UsageRecord record)
    {
        var response = mock.Respond(request, target.Model, provider.Options.Reply);
        if (!request.Stream)
        {
            await WriteJsonAsync(context, surface, response).ConfigureAwait(false);
            return record with { Status = 200, Tokens = response.Usage };
        }

        var tally = new StreamTally(timeProvider);
        var events = HubStream.EncodeAsync(HubStream.FromSync(MockResponder.Stream(response)), surface.CreateStreamEncoder(request, response.Created), tally, context.RequestAborted);
        await surface.WriteEventsAsync(context, events, KeepAliveInterval, timeProvider).ConfigureAwait(false);
        return Tallied(record, tally);
    }

    private async Task<UsageRecord> TranslateAsync(
        HttpContext context, IChatSurface surface, CanonicalRequest request, UpstreamProvider provider, UpstreamCredential credential, ModelTarget target, UsageRecord record)
    {
        var dialect = provider.Dialect!;
        using var upstreamBody = new PooledBuffer(4096);
        dialect.EncodeRequest(request, target.Model, provider, upstreamBody);
        using var call = await upstreamClient.SendAsync(provider, credential, dialect.ChatUri(provider, target.Model, request.Stream), upstreamBody.Memory, request.Stream, null, context.RequestAborted)
            .ConfigureAwait(false);
        if (!call.Response.IsSuccessStatusCode)
        {
            // Another format's error body: translated, never relayed raw.
            var failure = await UpstreamFailure.ReadAsync(call, timeProvider).ConfigureAwait(false);
            OnUpstreamFailure(call, target.Model, failure);
            var error = dialect.TranslateError(failure, provider.Name);
            await surface.WriteError(context, error).ConfigureAwait(false);
            return record with { Status = error.Status, ErrorClass = "upstream_" + failure.Status.ToString(CultureInfo.InvariantCulture) };
        }

        OnUpstreamSuccess(call, target.Model);
        if (!request.Stream)
        {
            using var body = await UpstreamBody.ReadAsync(call, MaxResponseBytes).ConfigureAwait(false);
            CanonicalResponse response;
            try
            {
                response = dialect.DecodeResponse(body.Span);
            }
            catch (JsonException)
            {
                throw new GatewayErrorException(new GatewayError(502, "upstream_invalid_response", $"Upstream '{provider.Name}' sent a response that is not valid JSON."));
            }

            await WriteJsonAsync(context, surface, response).ConfigureAwait(false);
            return record with { Status = 200, Tokens = response.Usage };
        }

        var mediaType = call.Response.Content.Headers.ContentType?.MediaType;
        if (!string.Equals(mediaType, "text/event-stream", StringComparison.OrdinalIgnoreCase))
        {
            throw new GatewayErrorException(new GatewayError(502, "upstream_not_streaming",
                $"Upstream '{provider.Name}' answered a stream request with '{mediaType}' instead of an event stream."));
        }

        var upstream = await call.Response.Content.ReadAsStreamAsync(call.Token).ConfigureAwait(false);
        await using (upstream.ConfigureAwait(false))
        {
            var tally = new StreamTally(timeProvider);
            var events = HubStream.EncodeAsync(
                HubStream.DecodeAsync(call, upstream, dialect.CreateStreamDecoder()),
                surface.CreateStreamEncoder(request, timeProvider.GetUtcNow().ToUnixTimeSeconds()),
                tally,
                context.RequestAborted);
            await surface.WriteEventsAsync(context, events, KeepAliveInterval, timeProvider).ConfigureAwait(false);
            return Tallied(record, tally);
        }
    }

    private static async Task WriteJsonAsync(HttpContext context, IChatSurface surface, CanonicalResponse response)
    {
        using var output = new PooledBuffer(1024);
        surface.EncodeResponse(response, output);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = output.Length;
        await context.Response.Body.WriteAsync(output.Memory, context.RequestAborted).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Upstream {Provider} (credential {CredentialId}) answered {Status} for model {Model}")]
    private static partial void LogUpstreamFailure(ILogger logger, string provider, string credentialId, string model, int status);
}
