using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using LlmGateway.Http;
using LlmGateway.Json;
using Microsoft.AspNetCore.Http;

namespace LlmGateway.Management;

/// <summary>Writes management answers: JSON bodies, and errors in the surface's one shape (<see cref="ManagementError"/>).</summary>
internal static class ManagementResponses
{
    public static Task WriteAsync<T>(HttpContext context, T value, JsonTypeInfo<T> typeInfo, int status = StatusCodes.Status200OK)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        return JsonSerializer.SerializeAsync(context.Response.Body, value, typeInfo, context.RequestAborted);
    }

    /// <summary>An <see cref="Hosting.ErrorWriter"/> for the management surface (and the body of its 404 when it is off).</summary>
    public static Task WriteErrorAsync(HttpContext context, GatewayError error)
    {
        if (error.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        return WriteAsync(context, new ManagementError(error.Code, error.Message, error.Param), JsonDefaults.Context.ManagementError, error.Status);
    }

    /// <summary>A 400 naming the query parameter (or body field) at fault.</summary>
    public static GatewayErrorException BadParameter(string name, string message) =>
        new(GatewayError.BadRequest(message, name, "invalid_parameter"));

    public static GatewayErrorException NotFound(string code, string message) =>
        new(new GatewayError(StatusCodes.Status404NotFound, code, message));
}
