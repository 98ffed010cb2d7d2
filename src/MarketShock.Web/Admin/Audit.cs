using MarketShock.Data;

namespace MarketShock.Admin;

/// <summary>
/// The one place that writes <see cref="AuditEntry"/> rows. Each method adds the entry to the context and leaves saving it to
/// the caller, so that it is saved in the transaction of the change it records; only a record of no change (a sign-in) saves
/// itself.
/// </summary>
internal static class Audit
{
    /// <summary>What the audit page shows for an entry without an address.</summary>
    public const string CommandLine = "command line";

    /// <summary>Records what the signed-in admin of <paramref name="http"/> did, or, for a sign-in, what <paramref name="who"/> tried.</summary>
    public static AuditEntry Add(MarketShockDbContext db, HttpContext http, string action, string details, string? who = null) =>
        Add(db, New(http, action, details, who));

    /// <summary>What the audit page shows, and stores as the address, for what the site did at its start from its configuration.</summary>
    public const string Configuration = "configuration";

    /// <summary>Records what the site did at its start from its configuration, as the operating-system account that runs it.</summary>
    public static AuditEntry AddFromConfiguration(MarketShockDbContext db, TimeProvider clock, string action, string details) =>
        Add(db, Entry(clock, Environment.UserName, Configuration, action, details));

    /// <summary>Records what a command did, as the operating-system account that ran it.</summary>
    public static AuditEntry AddFromCommandLine(MarketShockDbContext db, TimeProvider clock, string action, string details) =>
        Add(db, Entry(clock, Environment.UserName, address: null, action, details));

    /// <summary>Records and saves at once: for what changes nothing else (a sign-in, a sign-out). Not cancelled by the
    /// request's: a client that hangs up after a wrong password is still recorded.</summary>
    public static async Task SaveAsync(MarketShockDbContext db, HttpContext http, string action, string details, string? who = null)
    {
        Add(db, http, action, details, who);
        await db.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>An entry for the signed-in admin of <paramref name="http"/>, not yet added: for a change saved elsewhere (an import).</summary>
    public static AuditEntry New(HttpContext http, string action, string details, string? who = null) =>
        Entry(http.RequestServices.GetRequiredService<TimeProvider>(), who ?? http.User.Identity?.Name ?? "", Address(http), action, details);

    /// <summary>The client's address: forwarded headers from a trusted proxy are applied before anything reads it (ReverseProxy).</summary>
    private static string Address(HttpContext http) => http.Connection.RemoteIpAddress switch
    {
        null => "unknown",
        { IsIPv4MappedToIPv6: true } mapped => mapped.MapToIPv4().ToString(),
        var address => address.ToString(),
    };

    private static AuditEntry Entry(TimeProvider clock, string who, string? address, string action, string details) => new()
    {
        At = clock.GetUtcNow(),
        // An email typed at sign-in may be longer than any admin's; what fits is what was tried.
        Who = who.Length > AuditEntry.WhoLength ? who[..AuditEntry.WhoLength] : who,
        Address = address,
        Action = action,
        Details = details,
    };

    private static AuditEntry Add(MarketShockDbContext db, AuditEntry entry)
    {
        db.AuditEntries.Add(entry);
        return entry;
    }
}
