using Azure;
using LlmGateway.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LlmGateway.Management;

/// <summary>
/// What every <c>/v0/management</c> request goes through, identically on both hosts: the management key check
/// (<see cref="ManagementGuard"/>; never the client-key pipeline), <c>Cache-Control: no-store</c>, routing, and any
/// failure turned into the surface's one error shape. Storage failures answer 503; a failure after a streamed
/// answer has started aborts the connection so the client sees it was cut.
/// </summary>
internal sealed partial class ManagementPipeline(ManagementGuard guard, ManagementRouter router, ILogger<ManagementPipeline> logger)
{
    public async Task RunAsync(HttpContext context)
    {
        try
        {
            context.Response.Headers.CacheControl = "no-store";
            if (guard.Check(context) is { } refused)
            {
                await ManagementResponses.WriteErrorAsync(context, refused).ConfigureAwait(false);
                return;
            }

            await router.DispatchAsync(context).ConfigureAwait(false);
        }
        catch (GatewayErrorException ex) when (!context.Response.HasStarted)
        {
            await ManagementResponses.WriteErrorAsync(context, ex.Error).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            LogClientDisconnected(logger, context.Request.Path);
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            await ManagementResponses.WriteErrorAsync(context, new GatewayError(ex.StatusCode, "bad_request", "The request could not be read: " + ex.Message)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RequestFailedException or HttpRequestException or IOException && !context.Response.HasStarted)
        {
            LogStorageFailed(logger, context.Request.Path, ex.Message);
            var status = ex is RequestFailedException failed ? failed.Status : 0;
            await ManagementResponses.WriteErrorAsync(context, new GatewayError(StatusCodes.Status503ServiceUnavailable, "storage_unavailable",
                $"The gateway's storage did not answer as expected{(status > 0 ? $" ({status})" : "")}; try again.")).ConfigureAwait(false);
        }
        catch (Exception ex) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            LogUnhandled(logger, context.Request.Path, ex);
            await ManagementResponses.WriteErrorAsync(context, new GatewayError(StatusCodes.Status500InternalServerError, "internal_error",
                "The gateway failed to handle the request; see its logs.")).ConfigureAwait(false);
        }
        catch (Exception ex) when (context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            LogUnhandled(logger, context.Request.Path, ex);
            context.Abort();
        }
    }

    [LoggerMessage(EventId = 5010, Level = LogLevel.Debug, Message = "Client disconnected from {Path}")]
    private static partial void LogClientDisconnected(ILogger logger, string path);

    [LoggerMessage(EventId = 5011, Level = LogLevel.Warning, Message = "Storage failed on {Path}: {Reason}")]
    private static partial void LogStorageFailed(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 5012, Level = LogLevel.Error, Message = "Unhandled failure on {Path}")]
    private static partial void LogUnhandled(ILogger logger, string path, Exception exception);
}
