using Microsoft.AspNetCore.Hosting.Server.Features;

namespace LlmGateway.Server;

/// <summary>The gateway on plain Kestrel: for runs without Core Tools, containers, and the end-to-end tests.</summary>
public static class GatewayServer
{
    /// <summary>The URL used in Development when neither ASPNETCORE_URLS nor --urls says otherwise.</summary>
    public const string DevelopmentUrl = "http://127.0.0.1:7071";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (builder.Environment.IsDevelopment() && string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DevelopmentUrl);
        }

        builder.Services.AddLlmGateway();
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapLlmGateway();
        return app;
    }

    /// <summary>The addresses Kestrel listens on once started (resolves port 0).</summary>
    public static IReadOnlyCollection<string> Addresses(this WebApplication app) =>
        app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToArray() ?? [];
}
