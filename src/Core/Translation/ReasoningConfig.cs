namespace LlmGateway.Translation;

/// <summary>
/// How much the model should think. Sources set what they have: OpenAI an <see cref="Effort"/>, Anthropic a
/// <see cref="BudgetTokens"/> (enabled), adaptive, disabled, or an effort (<c>output_config.effort</c>).
/// <see cref="ReasoningMapping"/> converts between effort and budget.
/// </summary>
internal sealed record ReasoningConfig
{
    /// <summary>none, minimal, low, medium, high, xhigh or max.</summary>
    public string? Effort { get; init; }

    public int? BudgetTokens { get; init; }

    /// <summary>The model decides (Anthropic <c>thinking.type: adaptive</c>): the target's default reasoning.</summary>
    public bool Adaptive { get; init; }

    /// <summary>Explicitly off.</summary>
    public bool Disabled { get; init; }
}
