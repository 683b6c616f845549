using LlmGateway.Http;
using Microsoft.AspNetCore.Http;

namespace LlmGateway.Hosting;

/// <summary>Renders a <see cref="GatewayError"/> in one protocol's error shape.</summary>
internal delegate Task ErrorWriter(HttpContext context, GatewayError error);
