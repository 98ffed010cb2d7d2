using MarketShock.Market;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MarketShock.Data.Configurations;

internal sealed class CompanyMonthConfiguration : IEntityTypeConfiguration<CompanyMonth>
{
    public void Configure(EntityTypeBuilder<CompanyMonth> month)
    {
        // No foreign key to companies, as daily_prices has none: the importer creates companies before their rows.
        month.HasKey(m => new { m.CompanyId, m.Month });
    }
}
