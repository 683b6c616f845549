namespace LlmGateway.Translation;

/// <summary>
/// Effort ⇄ thinking budget, documented in docs/translation.md: minimal 1024, low 2048, medium 8192, high 16384,
/// xhigh 32768, max 65536 tokens; and back: ≤ 1024 minimal, ≤ 4096 low, ≤ 12288 medium, ≤ 24576 high, ≤ 49152
/// xhigh, above that max. Anthropic's smallest budget is 1024.
/// </summary>
internal static class ReasoningMapping
{
    public const int MinimumBudget = 1024;

    public static int? BudgetFor(string effort) => effort switch
    {
        "minimal" => 1024,
        "low" => 2048,
        "medium" => 8192,
        "high" => 16384,
        "xhigh" => 32768,
        "max" => 65536,
        _ => null,
    };

    public static string EffortFor(int budgetTokens) => budgetTokens switch
    {
        <= 1024 => "minimal",
        <= 4096 => "low",
        <= 12288 => "medium",
        <= 24576 => "high",
        <= 49152 => "xhigh",
        _ => "max",
    };
}
