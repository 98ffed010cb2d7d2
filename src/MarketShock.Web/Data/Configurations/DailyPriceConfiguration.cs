using MarketShock.Market;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MarketShock.Data.Configurations;

internal sealed class DailyPriceConfiguration : IEntityTypeConfiguration<DailyPrice>
{
    public void Configure(EntityTypeBuilder<DailyPrice> price)
    {
        price.HasKey(p => new { p.CompanyId, p.Date });
        price.HasOne<Company>().WithMany().HasForeignKey(p => p.CompanyId).OnDelete(DeleteBehavior.Cascade);
        price.Property(p => p.Open).HasPrecision(19, 6);
        price.Property(p => p.High).HasPrecision(19, 6);
        price.Property(p => p.Low).HasPrecision(19, 6);
        price.Property(p => p.Close).HasPrecision(19, 6);
        price.Property(p => p.AdjustedClose).HasPrecision(19, 6);
    }
}
