using MarketShock.Market;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MarketShock.Data.Configurations;

internal sealed class SharesOutstandingConfiguration : IEntityTypeConfiguration<SharesOutstanding>
{
    public void Configure(EntityTypeBuilder<SharesOutstanding> shares)
    {
        shares.ToTable("shares_outstanding");
        shares.HasKey(s => new { s.CompanyId, s.Date });
        shares.HasOne<Company>().WithMany().HasForeignKey(s => s.CompanyId).OnDelete(DeleteBehavior.Cascade);
    }
}
