using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace LlmGateway.Hosting;

/// <summary>Runs a gateway handler as the result of a Functions HTTP trigger, writing straight to the response (streams included).</summary>
internal sealed class GatewayActionResult(RequestDelegate handler) : IActionResult
{
    public Task ExecuteResultAsync(ActionContext context) => handler(context.HttpContext);
}
