namespace LlmGateway.Tests.Infrastructure;

/// <summary>The tests that share one <see cref="AzuriteFixture"/> (one Azurite process for the whole run).</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
