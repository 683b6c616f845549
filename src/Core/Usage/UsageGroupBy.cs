namespace LlmGateway.Usage;

/// <summary>What a usage summary is broken down by.</summary>
internal enum UsageGroupBy
{
    /// <summary>The client key's name (configured keys) or id (managed keys).</summary>
    Key,

    /// <summary>The model the client asked for (an alias, a canonical id or a bare name).</summary>
    Model,

    /// <summary>The upstream credential id (<c>provider:label</c>); <c>none</c> when no upstream was called.</summary>
    Credential,

    /// <summary>The provider that served; <c>none</c> when no upstream was called.</summary>
    Provider,
}
