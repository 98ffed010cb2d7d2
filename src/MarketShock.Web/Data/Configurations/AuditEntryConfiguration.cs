using MarketShock.Admin;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MarketShock.Data.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> entry)
    {
        entry.HasIndex(e => e.At);
        entry.Property(e => e.Who).HasMaxLength(256);
        entry.Property(e => e.Action).HasMaxLength(64);
    }
}
