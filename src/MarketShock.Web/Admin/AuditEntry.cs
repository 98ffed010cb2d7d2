namespace MarketShock.Admin;

/// <summary>One thing an admin did, or tried (a failed sign-in): who, from where, when, and what (in words a person reads back).
/// Written through <see cref="Audit"/> only.</summary>
public sealed class AuditEntry
{
    public const int WhoLength = 256, AddressLength = 64;

    public long Id { get; set; }
    public DateTimeOffset At { get; set; }

    /// <summary>The admin's email; for a failed sign-in, the email typed; for a command, the operating-system account.</summary>
    public string Who { get; set; } = "";

    /// <summary>The client's address (the forwarded one behind a trusted proxy); null for the command line;
    /// <see cref="Audit.Configuration"/> for what the site did at its start from its configuration.</summary>
    public string? Address { get; set; }

    /// <summary>What was done, such as <c>event-label.added</c>.</summary>
    public string Action { get; set; } = "";

    public string Details { get; set; } = "";
}
