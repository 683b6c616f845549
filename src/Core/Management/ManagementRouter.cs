using LlmGateway.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LlmGateway.Management;

/// <summary>
/// Sends a <c>/v0/management/{**path}</c> request to its handler by method and path segments (each unescaped, so
/// ids holding <c>/</c> or <c>:</c> can be sent as <c>%2F</c>, <c>%3A</c>). One catch-all route serves both hosts
/// and answers unknown paths (404) and wrong methods (405 with <c>Allow</c>) in the surface's own shape.
/// </summary>
internal sealed class ManagementRouter(
    UsageManagementHandler usage,
    CredentialsManagementHandler credentials,
    ClientKeysManagementHandler keys,
    ConfigManagementHandler config)
{
    public const string PathValue = "path";

    public Task DispatchAsync(HttpContext context)
    {
        var segments = Segments(context.GetRouteValue(PathValue) as string);
        var method = context.Request.Method;
        return segments switch
        {
            ["usage", "summary"] => Only(context, HttpMethods.Get, usage.SummaryAsync),
            ["usage", "history"] => Only(context, HttpMethods.Get, usage.HistoryAsync),
            ["usage", "export"] => Only(context, HttpMethods.Get, usage.ExportAsync),
            ["usage", "import"] => Only(context, HttpMethods.Post, usage.ImportAsync),
            ["credentials"] => Only(context, HttpMethods.Get, credentials.ListAsync),
            ["credentials", var id, "reset"] => Only(context, HttpMethods.Post, c => credentials.ResetAsync(c, id)),
            ["keys"] when HttpMethods.IsGet(method) => keys.ListAsync(context),
            ["keys"] when HttpMethods.IsPost(method) => keys.CreateAsync(context),
            ["keys"] => NotAllowed(context, HttpMethods.Get, HttpMethods.Post),
            ["keys", var id] when HttpMethods.IsGet(method) => keys.GetAsync(context, id),
            ["keys", var id] when HttpMethods.IsPatch(method) => keys.UpdateAsync(context, id),
            ["keys", var id] when HttpMethods.IsDelete(method) => keys.RevokeAsync(context, id),
            ["keys", _] => NotAllowed(context, HttpMethods.Get, HttpMethods.Patch, HttpMethods.Delete),
            ["config"] => Only(context, HttpMethods.Get, config.ConfigAsync),
            ["models"] => Only(context, HttpMethods.Get, config.ModelsAsync),
            _ => throw ManagementResponses.NotFound("not_found", $"There is no management route {method} {context.Request.Path}."),
        };
    }

    internal static string[] Segments(string? path) =>
        (path ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();

    private static Task Only(HttpContext context, string method, Func<HttpContext, Task> handler) =>
        HttpMethods.Equals(context.Request.Method, method) ? handler(context) : NotAllowed(context, method);

    private static Task NotAllowed(HttpContext context, params string[] allowed)
    {
        context.Response.Headers.Allow = string.Join(", ", allowed);
        throw new GatewayErrorException(new GatewayError(StatusCodes.Status405MethodNotAllowed, "method_not_allowed",
            $"{context.Request.Method} is not allowed on {context.Request.Path}; use {string.Join(" or ", allowed)}."));
    }
}
