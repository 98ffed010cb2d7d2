namespace MarketShock.Admin;

/// <summary>One change an admin made through the admin pages: who, when, and what (in words a person reads back).</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public string Who { get; set; } = "";

    /// <summary>What was done, such as <c>event-label.added</c>.</summary>
    public string Action { get; set; } = "";

    public string Details { get; set; } = "";
}
