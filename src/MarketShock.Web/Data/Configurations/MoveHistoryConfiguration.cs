using MarketShock.Market;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MarketShock.Data.Configurations;

/// <summary>The view of the figures computed on read (created by the migration MoveHistoryOnRead, Market/Sql/daily_move_history.sql).</summary>
internal sealed class MoveHistoryConfiguration : IEntityTypeConfiguration<MoveHistory>
{
    public const string View = "daily_move_history";

    public void Configure(EntityTypeBuilder<MoveHistory> history)
    {
        history.HasNoKey();
        history.ToView(View);
    }
}
