namespace LlmGateway.Configuration;

/// <summary>
/// Marks a setting the Azure deployment must set (infra/bicep); the infrastructure check in the test suite
/// fails when the Bicep does not set it as an app setting (<c>Gateway__Section__Name</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class DeploymentSettingAttribute : Attribute;
