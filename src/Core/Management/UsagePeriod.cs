namespace LlmGateway.Management;

/// <summary>
/// The windows usage is summarised over, rolling and ending now: <c>day</c> (24 hours), <c>week</c> (7 days),
/// <c>month</c> (30 days). Records at the current instant are included.
/// </summary>
internal sealed record UsagePeriod(string Name, TimeSpan Length)
{
    public static readonly UsagePeriod Day = new("day", TimeSpan.FromDays(1));
    public static readonly UsagePeriod Week = new("week", TimeSpan.FromDays(7));
    public static readonly UsagePeriod Month = new("month", TimeSpan.FromDays(30));

    public static readonly IReadOnlyDictionary<string, UsagePeriod> ByName = new Dictionary<string, UsagePeriod>(StringComparer.OrdinalIgnoreCase)
    {
        [Day.Name] = Day,
        [Week.Name] = Week,
        [Month.Name] = Month,
    };

    /// <summary>[from, to) for a period ending at <paramref name="now"/> (to is one tick after now).</summary>
    public (DateTimeOffset From, DateTimeOffset To) Window(DateTimeOffset now) => (now - Length, now.AddTicks(1));
}
