using MarketShock.Market;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MarketShock.Data.Configurations;

internal sealed class EventLabelConfiguration : IEntityTypeConfiguration<EventLabel>
{
    public void Configure(EntityTypeBuilder<EventLabel> label)
    {
        label.HasKey(e => e.Id);
        label.HasOne<Company>().WithMany().HasForeignKey(e => e.CompanyId).OnDelete(DeleteBehavior.Cascade);
        // One label per company and day, and one for the market day (no company): NULLS NOT DISTINCT makes
        // the null company a key like any other, so the import's ON CONFLICT finds it.
        label.HasIndex(e => new { e.CompanyId, e.Date }).IsUnique().AreNullsDistinct(false);
        label.Property(e => e.Label).HasMaxLength(EventLabel.MaxLabelLength);
        label.Property(e => e.Url).HasMaxLength(EventLabel.MaxUrlLength);
    }
}
