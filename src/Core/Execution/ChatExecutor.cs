using System.Text.Json;
using LlmGateway.Auth;
using LlmGateway.Configuration;
using LlmGateway.Http;
using LlmGateway.Providers;
using LlmGateway.Providers.Mock;
using LlmGateway.Routing;
using LlmGateway.Translation;
using LlmGateway.Usage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LlmGateway.Execution;

/// <summary>
/// Serves one chat request for any inbound surface: resolves the model to its ordered targets, then tries
/// credentials and targets (<see cref="RunAsync"/>) until one answers — relayed as it came when the formats
/// match, translated through the hub otherwise — and records usage on every path.
/// </summary>
internal sealed partial class ChatExecutor(
    IOptions<GatewayOptions> options,
    ModelCatalog catalog,
    ProviderRegistry providers,
    CredentialSelector selector,
    HealthPolicy health,
    UpstreamClient upstreamClient,
    MockResponder mock,
    IUsageSink usage,
    TimeProvider timeProvider,
    ILogger<ChatExecutor> logger)
{
    internal const long MaxResponseBytes = 64L * 1024 * 1024;
    private const int MaxSessionLength = 256;
    private readonly GatewayOptions _options = options.Value;
    private readonly TimeSpan _nonStreamKeepAlive = TimeSpan.FromSeconds(options.Value.NonStreamKeepAliveSeconds);
    private readonly ResponseHeaderForwarder _headers = new(options.Value.ForwardResponseHeaders);

    public TimeSpan KeepAliveInterval { get; } = TimeSpan.FromSeconds(options.Value.KeepAliveSeconds);

    public async Task ExecuteAsync(HttpContext context, ClientIdentity client, IChatSurface surface)
    {
        var started = timeProvider.GetTimestamp();
        var aborted = context.RequestAborted;
        using var body = await RequestBodyReader.ReadAsync(context, _options.MaxRequestBodyBytes, aborted).ConfigureAwait(false);
        using var inbound = surface.Read(context.Request, body.Memory);
        if (!client.MayUse(inbound.Basics.Model))
        {
            throw new GatewayErrorException(new GatewayError(StatusCodes.Status403Forbidden, "model_not_allowed",
                $"This key may not use the model '{inbound.Basics.Model}'; it is limited to: {string.Join(", ", client.AllowedModels)}.", "model"));
        }

        var targets = Resolve(inbound.Basics.Model);
        var record = new UsageRecord
        {
            Time = timeProvider.GetUtcNow(),
            ClientKey = client.KeyName,
            Endpoint = surface.Endpoint,
            ModelRequested = inbound.Basics.Model,
            Status = 0,
            Stream = inbound.Basics.Stream,
        };
        var keepAlive = inbound.Basics.Stream ? null : JsonKeepAlive.Start(context, _nonStreamKeepAlive, KeepAliveInterval, timeProvider);
        var exchange = new Exchange(context, surface, inbound, keepAlive, Session(context, client));
        try
        {
            record = await RunAsync(exchange, targets, record).ConfigureAwait(false);
        }
        catch (GatewayErrorException ex)
        {
            record = record with { Status = ex.Error.Status, ErrorClass = ex.Error.Code };
            if (keepAlive is not { Started: true })
            {
                throw;
            }

            // Status 200 and whitespace are on the wire: the error is the body.
            await keepAlive.StopAsync().ConfigureAwait(false);
            await surface.WriteError(context, ex.Error).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            record = record with { Status = 499, ErrorClass = "client_disconnected" };
            throw;
        }
        finally
        {
            if (keepAlive is not null)
            {
                await keepAlive.DisposeAsync().ConfigureAwait(false);
            }

            usage.Record(record with { LatencyMs = timeProvider.GetElapsedTime(started).TotalMilliseconds });
        }
    }

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

    /// <summary>The model's targets in the order they are tried: its own, then its fallbacks.</summary>
    internal IReadOnlyList<ModelTarget> Resolve(string model)
    {
        var resolution = catalog.Resolve(model);
        return resolution.Status switch
        {
            ModelResolutionStatus.Found => resolution.Targets,
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

    /// <summary>The client's session key for credential affinity, scoped to the client key so clients never share bindings.</summary>
    private string? Session(HttpContext context, ClientIdentity client)
    {
        if (_options.Affinity.Header is not { Length: > 0 } header)
        {
            return null;
        }

        var value = context.Request.Headers[header].ToString();
        return value.Length is > 0 and <= MaxSessionLength ? client.KeyName + "\n" + value : null;
    }

    /// <summary>One client request in flight: what every attempt needs.</summary>
    private sealed class Exchange(HttpContext context, IChatSurface surface, InboundChat inbound, JsonKeepAlive? keepAlive, string? session)
    {
        private CanonicalRequest? _canonical;
        private int? _clientMaxTokens;

        public HttpContext Context { get; } = context;

        public IChatSurface Surface { get; } = surface;

        public InboundChat Inbound { get; } = inbound;

        public JsonKeepAlive? KeepAlive { get; } = keepAlive;

        public string? Session { get; } = session;

        public bool Stream => Inbound.Basics.Stream;

        public CancellationToken Aborted => Context.RequestAborted;

        /// <summary>The request in the hub's model (decoded once), with the provider's output-token ceiling applied.</summary>
        public CanonicalRequest CanonicalFor(UpstreamProvider provider)
        {
            if (_canonical is null)
            {
                _canonical = Surface.Decode(Inbound);
                _clientMaxTokens = _canonical.MaxTokens;
            }

            _canonical.MaxTokens = provider.Options.MaxOutputTokens is { } ceiling && _clientMaxTokens > ceiling ? ceiling : _clientMaxTokens;
            return _canonical;
        }

        /// <summary>Stops the keep-alive whitespace before a body is written.</summary>
        public Task BeforeBodyAsync() => KeepAlive?.StopAsync() ?? Task.CompletedTask;
    }
}
