using LlmGateway.Credentials;

namespace LlmGateway.Execution;

/// <summary>The credential to use, or, when every one is cooling down, the earliest time one is usable again.</summary>
internal readonly record struct CredentialChoice(UpstreamCredential? Credential, DateTimeOffset? RetryAt);
