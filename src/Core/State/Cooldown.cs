namespace LlmGateway.State;

/// <summary>
/// A (credential, model) pair taken out of rotation until <see cref="Until"/>. <see cref="Model"/> is
/// <see cref="AllModels"/> when the whole credential is out (a rejected key, a dead host).
/// <see cref="Strikes"/> counts consecutive rate limits, for the doubling 429 cooldown.
/// </summary>
internal sealed record Cooldown(string CredentialId, string Model, DateTimeOffset Until, string Reason, int Status, int Strikes)
{
    public const string AllModels = "*";
}
