using MarketShock.Admin;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MarketShock.Data.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> entry)
    {
        entry.HasIndex(e => e.At);
        entry.Property(e => e.Who).HasMaxLength(AuditEntry.WhoLength);
        entry.Property(e => e.Address).HasMaxLength(AuditEntry.AddressLength);
        entry.Property(e => e.Action).HasMaxLength(64);
    }
}
