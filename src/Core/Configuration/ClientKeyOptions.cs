namespace LlmGateway.Configuration;

/// <summary>A client key from configuration: <c>Name</c> identifies the caller in logs and usage, never the key.</summary>
public sealed class ClientKeyOptions
{
    public string Name { get; set; } = "";

    public string Key { get; set; } = "";
}
