using LlmGateway.Auth;
using LlmGateway.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LlmGateway.Hosting;

/// <summary>
/// What every gateway route shares, identically on both hosts: the client key check, and turning any failure
/// into an error in the caller's protocol shape (or, once a response has started, leaving it to the handler's
/// in-band error). A client that disconnects ends the request quietly.
/// </summary>
internal sealed partial class RequestPipeline(ClientKeyAuthenticator authenticator, ILogger<RequestPipeline> logger)
{
    public async Task RunAsync(HttpContext context, ErrorWriter writeError, Func<HttpContext, ClientIdentity, Task> handler)
    {
        try
        {
            if (authenticator.Authenticate(context.Request) is not { } client)
            {
                await writeError(context, new GatewayError(StatusCodes.Status401Unauthorized, "invalid_api_key",
                    "Invalid or missing API key. Send the gateway's client key as 'Authorization: Bearer <key>' (or x-api-key, x-goog-api-key, ?key=).")).ConfigureAwait(false);
                return;
            }

            if (client.Denial is { } denial)
            {
                await writeError(context, new GatewayError(StatusCodes.Status403Forbidden, "permission_denied", denial)).ConfigureAwait(false);
                return;
            }

            await handler(context, client).ConfigureAwait(false);
        }
        catch (GatewayErrorException ex) when (!context.Response.HasStarted)
        {
            await writeError(context, ex.Error).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            LogClientDisconnected(logger, context.Request.Path);
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            await writeError(context, new GatewayError(ex.StatusCode, "bad_request", "The request could not be read: " + ex.Message)).ConfigureAwait(false);
        }
        catch (Exception ex) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            LogUnhandled(logger, context.Request.Path, ex);
            await writeError(context, new GatewayError(StatusCodes.Status500InternalServerError, "internal_error",
                "The gateway failed to handle the request; see its logs.")).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Client disconnected from {Path}")]
    private static partial void LogClientDisconnected(ILogger logger, string path);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "Unhandled failure on {Path}")]
    private static partial void LogUnhandled(ILogger logger, string path, Exception exception);
}
