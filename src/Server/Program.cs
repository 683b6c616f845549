using LlmGateway.Server;

await GatewayServer.Build(args).RunAsync();
