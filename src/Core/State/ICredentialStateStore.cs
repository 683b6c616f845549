namespace LlmGateway.State;

/// <summary>
/// Health of (credential, model) pairs. Reads come from memory on the hot path; implementations that share
/// state across instances write behind. In memory now; Table Storage plugs in here.
/// </summary>
internal interface ICredentialStateStore
{
    /// <summary>When the pair becomes usable again, or null when it is usable now.</summary>
    DateTimeOffset? CoolingUntil(string credentialId, string model, DateTimeOffset now);

    void SetCooldown(string credentialId, string model, DateTimeOffset until, string reason);

    void RecordSuccess(string credentialId, string model);
}
