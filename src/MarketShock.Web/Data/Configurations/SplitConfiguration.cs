using MarketShock.Market;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MarketShock.Data.Configurations;

internal sealed class SplitConfiguration : IEntityTypeConfiguration<Split>
{
    public void Configure(EntityTypeBuilder<Split> split)
    {
        split.HasKey(s => new { s.CompanyId, s.Date });
        split.HasOne<Company>().WithMany().HasForeignKey(s => s.CompanyId).OnDelete(DeleteBehavior.Cascade);
        split.Property(s => s.Ratio).HasPrecision(ColumnLimits.Ratio);
    }
}
