namespace LlmGateway.State;

/// <summary>
/// Health of (credential, model) pairs. Reads come from memory on the hot path; implementations that share
/// state across instances write behind and refresh in the background, never on a request.
/// </summary>
internal interface ICredentialStateStore
{
    /// <summary>When the pair becomes usable again (its own cooldown or the credential's), or null when it is usable now.</summary>
    DateTimeOffset? CoolingUntil(string credentialId, string model, DateTimeOffset now);

    /// <summary>The pair's own cooldown record (expired or not), for the next doubling; null when there is none.</summary>
    Cooldown? Get(string credentialId, string model);

    /// <summary>Sets a cooldown; of two for the same pair, the later expiry wins.</summary>
    void SetCooldown(Cooldown cooldown);

    /// <summary>A success: the pair's own cooldown and strike count are cleared.</summary>
    void RecordSuccess(string credentialId, string model);

    /// <summary>Clears every cooldown of a credential (management reset).</summary>
    void Reset(string credentialId);

    /// <summary>Every known cooldown, expired ones included until they are cleared.</summary>
    IReadOnlyList<Cooldown> Snapshot();
}
