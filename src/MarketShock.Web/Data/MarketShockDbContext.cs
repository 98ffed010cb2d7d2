using MarketShock.Admin;
using MarketShock.Imports;
using MarketShock.Market;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace MarketShock.Data;

public sealed class MarketShockDbContext(DbContextOptions<MarketShockDbContext> options)
    : IdentityDbContext<IdentityUser>(options), IDataProtectionKeyContext
{
    /// <summary>The keys that protect sign-in cookies and antiforgery tokens, shared by every instance and kept across restarts.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Company> Companies => Set<Company>();
    public DbSet<DailyPrice> DailyPrices => Set<DailyPrice>();
    public DbSet<SharesOutstanding> SharesOutstanding => Set<SharesOutstanding>();
    public DbSet<Split> Splits => Set<Split>();
    public DbSet<ImportLog> ImportLogs => Set<ImportLog>();
    public DbSet<DailyMove> DailyMoves => Set<DailyMove>();
    public DbSet<MoveHistory> MoveHistory => Set<MoveHistory>();
    public DbSet<MarketDay> MarketDays => Set<MarketDay>();
    public DbSet<CompanyMonth> CompanyMonths => Set<CompanyMonth>();
    public DbSet<EventLabel> EventLabels => Set<EventLabel>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(MarketShockDbContext).Assembly);

        // Identity names its tables explicitly (AspNetUsers...), which the snake_case convention leaves alone.
        foreach (var entity in builder.Model.GetEntityTypes().Where(e => e.GetTableName()?.StartsWith("AspNet", StringComparison.Ordinal) == true))
            entity.SetTableName("identity_" + SnakeCase(entity.GetTableName()!["AspNet".Length..]));
    }

    private static string SnakeCase(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
