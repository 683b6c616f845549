using System.ClientModel;
using System.Net;
using LlmGateway.Server;
using LlmGateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenAI;
using OpenAI.Chat;

namespace LlmGateway.Tests.EndToEnd;

public sealed class ServerStartupTests
{
    [Fact]
    public async Task Start_ProductionWithoutConfiguration_FailsNamingClientKeysAndProviders()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = GatewayServer.Build(["--urls", "http://127.0.0.1:0", "--environment", "Production"], b => b.Logging.ClearProviders());
            await app.StartAsync();
        });

        Assert.Contains("Gateway:ClientKeys", error.Message, StringComparison.Ordinal);
        Assert.Contains("Gateway:AllowAnonymous", error.Message, StringComparison.Ordinal);
        Assert.Contains("Gateway:Providers", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_DevelopmentFromServerFolder_ServesMockWithDevKey()
    {
        await using var app = GatewayServer.Build(
            ["--urls", "http://127.0.0.1:0", "--environment", "Development", "--contentRoot", Path.Combine(Repository.Root, "src", "Server")],
            b => b.Logging.ClearProviders());
        await app.StartAsync();
        var client = new ChatClient("echo", new ApiKeyCredential("sk-local-dev"), new OpenAIClientOptions { Endpoint = new Uri(app.Addresses().First() + "/v1") });

        ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage("ping from the README")]);

        Assert.Equal("ping from the README", completion.Content[0].Text);
    }

    [Fact]
    public async Task Request_AllowAnonymousWithoutKeys_ServedWithoutKey()
    {
        await using var gateway = await GatewayFixture.StartWithAsync(new Dictionary<string, string?>
        {
            ["Gateway:AllowAnonymous"] = "true",
            ["Gateway:Providers:mock:Type"] = "mock",
            ["Gateway:Providers:mock:Models:0"] = "echo",
        });

        using var response = await gateway.Http.GetAsync("v1/models");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
