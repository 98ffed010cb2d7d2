using MarketShock.Market;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MarketShock.Data.Configurations;

internal sealed class DailyPriceConfiguration : IEntityTypeConfiguration<DailyPrice>
{
    public void Configure(EntityTypeBuilder<DailyPrice> price)
    {
        price.HasKey(p => new { p.CompanyId, p.Date });
        // No foreign key to companies: its per-row check locks the company row once per inserted price,
        // which doubles the time of a multi-million-row import. The importer creates companies first.
        price.Property(p => p.Open).HasPrecision(19, 6);
        price.Property(p => p.High).HasPrecision(19, 6);
        price.Property(p => p.Low).HasPrecision(19, 6);
        price.Property(p => p.Close).HasPrecision(19, 6);
        price.Property(p => p.AdjustedClose).HasPrecision(19, 6);
    }
}
